// SPDX-License-Identifier: GPL-2.0
/* The mapping reads the ring through the channel: another access path. */
#include "xdma.h"

static int xdma_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct xdma_dev *xd = file->private_data;
	struct xdma_chan *chan = &xd->chan[0];
	unsigned long i = vma->vm_pgoff;

	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(chan->dma.buf[i]) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
