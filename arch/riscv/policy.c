// SPDX-License-Identifier: GPL-2.0
/*
 * riscv: DMA is coherent unless the kernel was built for a non-coherent
 * platform (RISCV_DMA_NONCOHERENT, through Zicbom or the T-Head errata) and
 * the device is not marked dma-coherent. A coherent device's memory is
 * mapped cacheable like the kernel's. For a non-coherent one the kernel's
 * view is the DMA layer's pgprot_dmacoherent() remap (Svpbmt NC, or the
 * T-Head equivalent), so the user mapping gets the same attributes, exactly
 * as dma_pgprot() gives dma_mmap_attrs(). The data cache is PIPT-like (no
 * aliasing), so no colour placement is needed.
 */
#include <linux/dma-map-ops.h>
#include "../../core/internal.h"

int cohmap_arch_maps(struct device *dev, const char **why)
{
	if (why)
		*why = dev_is_dma_coherent(dev) ?
		       "riscv: coherent device; user pages are cacheable (PMA)" :
		       "riscv: non-coherent device; user pages are pgprot_dmacoherent()";
	return 0;
}

unsigned long cohmap_arch_colour(struct device *dev, const char **why)
{
	if (why)
		*why = "riscv: data caches behave as PIPT (no aliasing)";
	return 0;
}
