// SPDX-License-Identifier: GPL-2.0
/* A UIO region of physical memory whose address is the DMA handle. */
#include <linux/uio_driver.h>

struct acq {
	struct uio_info info;
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
};

static int acq_probe_ring(struct acq *a, size_t size)
{
	a->ring = dma_alloc_coherent(a->dev, size, &a->ring_dma, GFP_KERNEL);
	if (!a->ring)
		return -ENOMEM;
	a->info.mem[1].memtype = UIO_MEM_PHYS;
	a->info.mem[1].addr = a->ring_dma;
	a->info.mem[1].size = size;
	return 0;
}
