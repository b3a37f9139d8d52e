// SPDX-License-Identifier: GPL-2.0
/*
 * Architectures without a folder of their own: cohmap does not guess the
 * pgprot of coherent memory, it lets the DMA layer make the mapping
 * (policy d) and still enforces bounds, MAP_SHARED and revocation.
 * Placement: from 6.9 the kernel says whether the data cache aliases
 * (cpu_dcache_is_aliasing()), and then SHMLBA is the colour span; before,
 * an architecture without a folder is taken not to alias.
 */
#include <asm/shmparam.h>
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = "no cohmap policy for this architecture: the DMA layer maps";
	return -EOPNOTSUPP;
}

unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	bool alias = cohmap_dcache_is_aliasing(false);

	if (why)
		*why = alias ? "the kernel says the data cache aliases; colour span SHMLBA" :
			       "no aliasing data cache known for this architecture";
	return alias ? SHMLBA : 0;
}
