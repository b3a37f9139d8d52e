// SPDX-License-Identifier: GPL-2.0
/*
 * mips: a non-coherent device's buffer is reached by the kernel through
 * the uncached segment (KSEG1, or an uncached remap), so the user mapping
 * is uncached too (pgprot_dmacoherent(), which is pgprot_noncached() here,
 * as dma_pgprot() gives dma_mmap_attrs()); a coherent one (IOCU) is
 * cacheable. Where the primary data cache aliases (cpu_has_dc_aliases,
 * e.g. a 74K with 32 KiB 4-way), mappings must also share the kernel's
 * cache colour: the span is shm_align_mask + 1, the way size the cache
 * probe set (arch/mips/mm/c-r4k.c), which also drives the kernel's own
 * placement of shared mappings.
 */
#include <linux/dma-map-ops.h>
#include <asm/cpu-features.h>
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = dev_is_dma_coherent(dev) ?
		       "mips: coherent device (IOCU); user pages are cacheable" :
		       "mips: non-coherent device; user pages are uncached like KSEG1";
	return 0;
}

unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	bool alias = cohmap_dcache_is_aliasing(cpu_has_dc_aliases);

	if (why)
		*why = alias ? "mips: the data cache aliases; colour span shm_align_mask + 1" :
			       "mips: the data cache does not alias";
	return alias ? shm_align_mask + 1 : 0;
}
