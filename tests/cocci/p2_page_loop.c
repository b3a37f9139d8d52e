// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct cap {
	struct device *dev;
	void *vaddr;
	dma_addr_t paddr;
	unsigned int npages;
};

static int cap_alloc(struct cap *cap, struct device *dev)
{
	cap->dev = dev;
	cap->vaddr = dma_alloc_wc(cap->dev, cap->npages * PAGE_SIZE,
				  &cap->paddr, GFP_KERNEL);
	return cap->vaddr ? 0 : -ENOMEM;
}

static int cap_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct cap *cap = file->private_data;
	unsigned long off = 0;
	int i;

	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	for (i = 0; i < vma_pages(vma); i++) {
		if (remap_pfn_range(vma, vma->vm_start + off,
				    virt_to_phys(cap->vaddr + off) >> PAGE_SHIFT,
				    PAGE_SIZE, vma->vm_page_prot))
			return -EAGAIN;
		off += PAGE_SIZE;
	}
	return 0;
}
