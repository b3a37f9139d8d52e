// SPDX-License-Identifier: GPL-2.0
/* A helper hands the allocation back through pointer arguments. */
#include "buf.h"

int sdr_get_buffer(struct device *dev, size_t size, void **cpu,
		   dma_addr_t *dma)
{
	*cpu = dma_alloc_coherent(dev, size, dma, GFP_KERNEL);
	return *cpu ? 0 : -ENOMEM;
}
