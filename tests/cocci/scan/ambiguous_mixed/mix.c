// SPDX-License-Identifier: GPL-2.0
/*
 * The same field holds coherent memory on one path and pages from the
 * page allocator on another: the scan cannot tell which reaches the remap
 * and says so, naming the other write.
 */
struct mix {
	struct device *dev;
	void *buf;
	dma_addr_t dma;
	bool coherent;
};

static int mix_alloc(struct mix *m, size_t size)
{
	if (m->coherent)
		m->buf = dma_alloc_coherent(m->dev, size, &m->dma, GFP_KERNEL);
	else
		m->buf = (void *)__get_free_pages(GFP_KERNEL, get_order(size));
	return m->buf ? 0 : -ENOMEM;
}

static int mix_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct mix *m = file->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_pfn(m->buf),
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
