// SPDX-License-Identifier: GPL-2.0
/*
 * As xen's grant table: a built-in helper fills the caller's struct (a
 * kernel header's, <xen/tbl.h>) with the pages of a coherent buffer,
 * turning the DMA handle back into pages; another module maps them.
 */
#include <xen/tbl.h>

int tbl_alloc_pages(struct tbl_alloc_args *args)
{
	unsigned long pfn, start_pfn;
	int i;

	args->vaddr = dma_alloc_coherent(args->dev, args->nr << PAGE_SHIFT,
					 &args->bus, GFP_KERNEL);
	if (!args->vaddr)
		return -ENOMEM;
	start_pfn = __phys_to_pfn(args->bus);
	for (pfn = start_pfn, i = 0; i < args->nr; pfn++, i++)
		args->pages[i] = pfn_to_page(pfn);
	return 0;
}
