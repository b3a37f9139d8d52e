// SPDX-License-Identifier: GPL-2.0
/* A UIO region of "logical" memory: UIO maps it with virt_to_page(). */
#include <linux/uio_driver.h>

static void *shared;
static dma_addr_t shared_dma;

static int ulog_setup(struct device *dev, struct uio_info *info)
{
	struct uio_mem *mem = &info->mem[0];

	shared = dma_alloc_coherent(dev, PAGE_SIZE, &shared_dma, GFP_KERNEL);
	if (!shared)
		return -ENOMEM;
	mem->addr = (phys_addr_t)(uintptr_t)shared;
	mem->memtype = UIO_MEM_LOGICAL;
	mem->size = PAGE_SIZE;
	return 0;
}
