// SPDX-License-Identifier: GPL-2.0
#include "buf.h"

static int sdr_open(struct sdr_chan *ch)
{
	return sdr_get_buffer(ch->dev, SZ_1M, &ch->iq, &ch->iq_dma);
}

static int sdr_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sdr_chan *ch = file->private_data;

	return vm_iomap_memory(vma, ch->iq_dma, SZ_1M);
}
