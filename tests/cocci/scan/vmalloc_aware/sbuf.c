// SPDX-License-Identifier: GPL-2.0
/*
 * The page lookup copes with an IOMMU's vmalloc remap, not with an uncached
 * segment or a pool without struct pages, and the user view is cacheable.
 */
struct sbuf {
	struct device *dev;
	void *area;
	dma_addr_t addr;
};

static int sbuf_alloc(struct sbuf *s, size_t size)
{
	s->area = dma_alloc_coherent(s->dev, size, &s->addr, GFP_KERNEL);
	return s->area ? 0 : -ENOMEM;
}

static vm_fault_t sbuf_fault(struct vm_fault *vmf)
{
	struct sbuf *s = vmf->vma->vm_private_data;
	void *p = s->area + (vmf->pgoff << PAGE_SHIFT);

	vmf->page = is_vmalloc_addr(p) ? vmalloc_to_page(p) : virt_to_page(p);
	get_page(vmf->page);
	return 0;
}
