// SPDX-License-Identifier: GPL-2.0
/*
 * Coherent blocks put into a scatterlist with sg_set_buf(), which takes
 * virt_to_page() of them; the fault handler maps sg_page().
 */
struct msc_win {
	struct sg_table sgt;
	struct device *dev;
};

static int msc_win_alloc(struct msc_win *win, int nr)
{
	struct scatterlist *sg;
	dma_addr_t addr;
	void *block;
	int i;

	for_each_sg(win->sgt.sgl, sg, nr, i) {
		block = dma_alloc_coherent(win->dev, PAGE_SIZE, &addr, GFP_KERNEL);
		if (!block)
			return -ENOMEM;
		sg_set_buf(sg, block, PAGE_SIZE);
	}
	return 0;
}

static vm_fault_t msc_fault(struct vm_fault *vmf)
{
	struct msc_win *win = vmf->vma->vm_private_data;
	struct scatterlist *sg = &win->sgt.sgl[vmf->pgoff];

	return vmf_insert_mixed(vmf->vma, vmf->address,
				__pfn_to_pfn_t(page_to_pfn(sg_page(sg)), PFN_DEV));
}
