// SPDX-License-Identifier: GPL-2.0
#include "ring.h"

int ring_alloc(struct ring *r)
{
	r->vaddr = dma_alloc_coherent(r->dev, r->size, &r->paddr, GFP_KERNEL);
	return r->vaddr ? 0 : -ENOMEM;
}
