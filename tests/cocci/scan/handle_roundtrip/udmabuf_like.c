// SPDX-License-Identifier: GPL-2.0
/* The DMA handle is turned back into a page for the user mapping. */
struct obj {
	struct device *dev;
	void *virt;
	dma_addr_t phys;
	size_t size;
};

static int obj_alloc(struct obj *o)
{
	o->virt = dma_alloc_coherent(o->dev, o->size, &o->phys, GFP_KERNEL);
	return o->virt ? 0 : -ENOMEM;
}

static vm_fault_t obj_fault(struct vm_fault *vmf)
{
	struct obj *o = vmf->vma->vm_private_data;
	dma_addr_t h = o->phys + (vmf->pgoff << PAGE_SHIFT);
	struct page *page;

	page = virt_to_page(phys_to_virt(dma_to_phys(o->dev, h)));
	get_page(page);
	vmf->page = page;
	return 0;
}
