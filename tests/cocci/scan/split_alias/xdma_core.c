// SPDX-License-Identifier: GPL-2.0
/* The ring is filled through a local alias of the channel's ring. */
#include "xdma.h"

int xdma_alloc_ring(struct xdma_dev *xd, struct xdma_chan *chan)
{
	struct xdma_ring *d = &chan->dma;
	int j;

	for (j = 0; j < 4; j++) {
		d->buf[j] = dma_alloc_attrs(&xd->pdev->dev, d->size,
					    &d->handle[j], GFP_KERNEL, 0);
		if (!d->buf[j])
			return -ENOMEM;
	}
	return 0;
}
