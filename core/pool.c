// SPDX-License-Identifier: GPL-2.0
/*
 * Per-device coherent pools: where the platform set a memory range aside
 * for one device (a device-tree "shared-dma-pool", a driver's
 * dma_declare_coherent_memory()), every coherent allocation for that
 * device comes from it. Three things differ from other coherent memory:
 *  - it often has no struct page (a "no-map" carve-out, on-chip SRAM), so
 *    dma_get_sgtable() hands out pointers into a memory map that may not
 *    exist for it (the DMA layer's own comment calls that "fundamentally
 *    unsafe");
 *  - its DMA address need not be its physical address (remoteproc
 *    declares device-side addresses), so the handle names no pfn;
 *  - the kernel maps it write-combined (memremap(MEMREMAP_WC)), even for a
 *    coherent device: a cacheable user alias could keep lines in the CPU
 *    cache that the kernel's view never sees.
 * So its pfns are read from the kernel's own mapping of the pool, and the
 * user gets the kernel's memory type.
 */
#include <linux/device.h>
#include <linux/mm.h>
#include "internal.h"

/**
 * cohmap_pool_pfns() - the pfns of pool memory, from the kernel's mapping
 * @cpu_addr: page-aligned kernel address inside a per-device pool
 * @pfns: filled with the pfn of each page
 * @n: pages
 *
 * Return: 0, or -EOPNOTSUPP where the kernel's mapping cannot be read
 * safely (see cohmap_kernel_map_pfn()): only the DMA layer can map it then.
 */
int cohmap_pool_pfns(const void *cpu_addr, unsigned long *pfns,
		     unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		pfns[i] = cohmap_kernel_map_pfn((const u8 *)cpu_addr +
						i * PAGE_SIZE);
		if (!pfns[i])
			return -EOPNOTSUPP;
	}
	return 0;
}
