// SPDX-License-Identifier: GPL-2.0
/*
 * Architectures without a folder of their own: cohmap does not guess the
 * pgprot of coherent memory, it lets the DMA layer make the mapping
 * (policy d) and still enforces bounds, MAP_SHARED and revocation.
 */
#include "../../core/internal.h"

int cohmap_arch_user_prot(struct device *dev, unsigned long attrs,
			  pgprot_t *prot, const char **why)
{
	if (why)
		*why = "no cohmap policy for this architecture: the DMA layer maps";
	return -EOPNOTSUPP;
}
