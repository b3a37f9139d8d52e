// SPDX-License-Identifier: GPL-2.0
/*
 * parisc: the 6.1 DMA layer declares no user mapping of coherent memory
 * possible (dma_can_mmap() is false: PCX-L's non-coherent dma-direct does
 * not select DMA_NONCOHERENT_MMAP, and the ccio/sba IOMMU ops have no
 * ->mmap), so core/policy.c refuses (policy e) before asking this file;
 * docs/policies.md has the reasoning. Were it asked: a non-coherent PCX-L
 * buffer is mapped uncached by the kernel (PAGE_KERNEL_UNC), so the user
 * gets pgprot_noncached(); coherent (ccio/sba) memory is cached, and every
 * parisc data cache is virtually indexed: mappings must share the kernel's
 * colour modulo SHM_COLOUR (4 MiB).
 */
#include <linux/dma-map-ops.h>
#include <asm/shmparam.h>
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = dev_is_dma_coherent(dev) ?
		       "parisc: coherent I/O; user pages are cacheable, colour-placed" :
		       "parisc: non-coherent PCX-L; user pages are uncached like the kernel's";
	return 0;
}

unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	if (why)
		*why = "parisc: virtually indexed data cache; colour span SHM_COLOUR";
	return SHM_COLOUR;
}
