// SPDX-License-Identifier: GPL-2.0
/* Trap: the split driver maps with the DMA layer. */
#include "dm.h"

int dm_alloc(struct dm *d)
{
	d->cpu = dma_alloc_coherent(d->dev, d->size, &d->dma, GFP_KERNEL);
	return d->cpu ? 0 : -ENOMEM;
}
