// SPDX-License-Identifier: GPL-2.0
/*
 * x86: DMA is cache-coherent, with or without an IOMMU, and PAT keeps RAM
 * write-back whatever a driver asks for, so user mappings of coherent
 * memory use the vma's ordinary write-back pgprot. Memory encryption
 * (SME/SEV/TDX) is handled before this is asked: see core/policy.c.
 */
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = "x86: DMA is cache-coherent; user pages are write-back like the kernel's";
	return 0;
}

unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	if (why)
		*why = "x86: caches are physically tagged and never alias";
	return 0;
}
