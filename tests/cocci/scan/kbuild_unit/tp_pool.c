// SPDX-License-Identifier: GPL-2.0
/*
 * A subsystem core's pool fills a kernel header's struct (struct tp_tt
 * comes from <drm/tp_tt.h>, not from this folder) through a copy of its
 * page array; tp_vm.c, linked into the same module, maps the pages.
 */
#include <drm/tp_tt.h>

static struct page *tp_pool_alloc_page(struct device *dev)
{
	dma_addr_t dma;
	void *vaddr;

	vaddr = dma_alloc_attrs(dev, PAGE_SIZE, &dma, GFP_KERNEL, 0);
	if (!vaddr)
		return NULL;
	return virt_to_page(vaddr);
}

int tp_pool_populate(struct device *dev, struct tp_tt *tt)
{
	struct page **pages = tt->pages;
	unsigned long i;

	for (i = 0; i < tt->num_pages; i++)
		*pages++ = tp_pool_alloc_page(dev);
	return 0;
}
