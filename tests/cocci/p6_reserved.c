// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct vid {
	struct device *dev;
	void *mem;
	dma_addr_t mem_dma;
	unsigned long mem_size;
};

static int vid_alloc(struct vid *v)
{
	struct page *page;

	v->mem = dma_alloc_coherent(v->dev, v->mem_size, &v->mem_dma,
				    GFP_KERNEL);
	if (!v->mem)
		return -ENOMEM;
	for (page = virt_to_page(v->mem);
	     page <= virt_to_page(v->mem + v->mem_size - 1); page++)
		SetPageReserved(page);
	return 0;
}

static void vid_free(struct vid *v)
{
	unsigned long addr;

	for (addr = (unsigned long)v->mem;
	     addr < (unsigned long)v->mem + v->mem_size; addr += PAGE_SIZE)
		ClearPageReserved(virt_to_page(addr));
	dma_free_coherent(v->dev, v->mem_size, v->mem, v->mem_dma);
}

static int vid_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct vid *v = file->private_data;

	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(v->mem) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
