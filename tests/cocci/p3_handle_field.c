// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct udmabuf {
	struct device *dev;
	void *virt_addr;
	dma_addr_t phys_addr;
	size_t alloc_size;
};

static int udmabuf_setup(struct udmabuf *this)
{
	this->virt_addr = dma_alloc_coherent(this->dev, this->alloc_size,
					     &this->phys_addr, GFP_KERNEL);
	return this->virt_addr ? 0 : -ENOMEM;
}

static int udmabuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct udmabuf *this = file->private_data;

	vma->vm_flags |= VM_IO;
	return remap_pfn_range(vma, vma->vm_start,
			       (this->phys_addr >> PAGE_SHIFT) + vma->vm_pgoff,
			       vma->vm_end - vma->vm_start,
			       vma->vm_page_prot);
}
