// SPDX-License-Identifier: GPL-2.0
#include "dm.h"

static int dm_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct dm *d = file->private_data;

	return dma_mmap_coherent(d->dev, vma, d->cpu, d->dma, d->size);
}
