// SPDX-License-Identifier: GPL-2.0
/*
 * Trap: the same helper and module, the pages from the page allocator;
 * the coherent buffer the helper also allocates is never mapped.
 */
#include <xen/tbl.h>

int tbl_alloc_pages(struct tbl_alloc_args *args)
{
	int i;

	args->vaddr = dma_alloc_coherent(args->dev, PAGE_SIZE, &args->bus,
					 GFP_KERNEL);
	if (!args->vaddr)
		return -ENOMEM;
	for (i = 0; i < args->nr; i++)
		args->pages[i] = alloc_page(GFP_KERNEL);
	return 0;
}
