// SPDX-License-Identifier: GPL-2.0
/* The completion queue is registered as an mmap key by its address. */
#include "hw.h"

int hw_create_cq(struct ib_device *ibdev, struct ib_ucontext *uctx,
		 struct hw_cq *cq, u64 *key)
{
	cq->queue = dma_alloc_coherent(ibdev->dma_device, cq->size,
				       &cq->queue_dma, GFP_KERNEL);
	if (!cq->queue)
		return -ENOMEM;
	*key = hw_insert_entry(uctx, virt_to_phys(cq->queue), cq->size);
	return 0;
}
