// SPDX-License-Identifier: GPL-2.0
/* Trap: a remap of a reserved-memory region next to a coherent buffer. */
struct rdev {
	struct device *dev;
	struct reserved_mem *rmem;
	void *desc;
	dma_addr_t desc_dma;
};

static int rdev_init(struct rdev *r)
{
	r->desc = dma_alloc_coherent(r->dev, 4096, &r->desc_dma, GFP_KERNEL);
	return r->desc ? 0 : -ENOMEM;
}

static int rdev_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct rdev *r = file->private_data;

	return remap_pfn_range(vma, vma->vm_start, PHYS_PFN(r->rmem->base),
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
