// SPDX-License-Identifier: GPL-2.0
/*
 * arm (32-bit): a coherent device (dma-coherent in the DT) snoops the
 * caches, so user pages are cacheable like the kernel's. For a non-coherent
 * device the kernel's view is the DMA layer's remap with
 * pgprot_dmacoherent() (bufferable/uncached), or write-combine when asked;
 * a cacheable user alias would be a mismatched-attribute mapping, so the
 * user gets exactly what dma_pgprot() gives dma_mmap_attrs().
 */
#include <linux/dma-map-ops.h>
#include <asm/cachetype.h>
#include <asm/shmparam.h>
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = dev_is_dma_coherent(dev) ?
		       "arm: coherent device; user pages are cacheable" :
		       "arm: non-coherent device; user pages as dma_pgprot() makes them";
	return 0;
}

/*
 * VIVT and aliasing VIPT data caches (ARMv5, most ARMv6) need user
 * mappings to share the kernel's colour modulo SHMLBA (4 pages); ARMv7
 * data caches are PIPT.
 */
unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	bool alias = cohmap_dcache_is_aliasing(cache_is_vivt() ||
					       cache_is_vipt_aliasing());

	if (why)
		*why = alias ? "arm: VIVT or aliasing VIPT data cache; colour span SHMLBA" :
			       "arm: the data cache does not alias";
	return alias ? SHMLBA : 0;
}
