// SPDX-License-Identifier: GPL-2.0
/*
 * The buffer is allocated in another file: nothing proves it is coherent
 * memory here, so nothing is reported (run convert.sh on the whole driver).
 */
#include <linux/module.h>
#include <linux/mm.h>

struct ep {
	void *buf;
	dma_addr_t buf_dma;
};

static int ep_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ep *ep = file->private_data;

	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(ep->buf) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
