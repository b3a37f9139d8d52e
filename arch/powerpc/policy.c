// SPDX-License-Identifier: GPL-2.0
/*
 * powerpc: 64-bit Book3S is cache-coherent for DMA, with or without the
 * pseries TCE IOMMU, so user pages are cacheable like the kernel's (the
 * pfns come from the DMA layer: under TCE the DMA address is no physical
 * address). 32-bit parts built with NOT_COHERENT_CACHE give non-coherent
 * devices the DMA layer's pgprot_dmacoherent() remap; the user mapping
 * gets the same, as dma_pgprot() gives dma_mmap_attrs(). The data caches
 * are physically indexed: no colour placement.
 */
#include <linux/dma-map-ops.h>
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = dev_is_dma_coherent(dev) ?
		       "powerpc: coherent DMA; user pages are cacheable" :
		       "powerpc: non-coherent device; user pages are pgprot_dmacoherent()";
	return 0;
}

unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	if (why)
		*why = "powerpc: data caches are physically indexed (no aliasing)";
	return 0;
}
