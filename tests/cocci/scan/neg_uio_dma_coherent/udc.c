// SPDX-License-Identifier: GPL-2.0
/* Trap: the region is declared coherent DMA memory; UIO maps it with the DMA layer. */
#include <linux/uio_driver.h>

static int udc_setup(struct device *dev, struct uio_info *info)
{
	dma_addr_t dma;
	void *cpu = dma_alloc_coherent(dev, PAGE_SIZE, &dma, GFP_KERNEL);

	if (!cpu)
		return -ENOMEM;
	info->mem[0].memtype = UIO_MEM_DMA_COHERENT;
	info->mem[0].addr = (uintptr_t)cpu;
	info->mem[0].dma_addr = dma;
	info->mem[0].dma_device = dev;
	info->mem[0].size = PAGE_SIZE;
	return 0;
}
