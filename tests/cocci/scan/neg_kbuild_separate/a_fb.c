// SPDX-License-Identifier: GPL-2.0
/*
 * Trap: two drivers of one folder fill the same kernel header's struct
 * (struct fb_pages, not from this folder). This one stores pages of a
 * coherent buffer there but maps the buffer with dma_mmap_coherent(); the
 * other (b_fb.c, another module) maps pages it allocated itself. Each
 * module has its own instances: a's pages never reach b's fault handler.
 */
#include <linux/fb_pages.h>

struct a_fb {
	struct device *dev;
	struct fb_pages *fp;
	void *cpu;
	dma_addr_t dma;
};

int a_fb_init(struct a_fb *a)
{
	a->cpu = dma_alloc_coherent(a->dev, PAGE_SIZE, &a->dma, GFP_KERNEL);
	if (!a->cpu)
		return -ENOMEM;
	a->fp->pages[0] = virt_to_page(a->cpu);
	return 0;
}

int a_fb_mmap(struct a_fb *a, struct vm_area_struct *vma)
{
	return dma_mmap_coherent(a->dev, vma, a->cpu, a->dma, PAGE_SIZE);
}
