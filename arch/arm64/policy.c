// SPDX-License-Identifier: GPL-2.0
/*
 * arm64: a coherent device snoops the caches, so user mappings are Normal
 * cacheable like the kernel's. For a non-coherent device the kernel's view
 * is a Normal non-cacheable remap; a cacheable user alias of the same pages
 * would be a mismatched-attribute mapping (the CPU may then hit stale lines
 * the device never sees), so the user gets Normal-NC too. Device memory
 * (pgprot_noncached) would fault on unaligned user accesses such as memset.
 */
#include <linux/dma-map-ops.h>
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = dev_is_dma_coherent(dev) ?
		       "arm64: coherent device; user pages are Normal cacheable" :
		       "arm64: non-coherent device; user pages are Normal-NC";
	return 0;
}

unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	if (why)
		*why = "arm64: data caches behave as PIPT (no aliasing)";
	return 0;
}
