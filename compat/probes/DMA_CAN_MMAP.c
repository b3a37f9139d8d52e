// SPDX-License-Identifier: GPL-2.0
/* 5.4: dma_can_mmap() tells whether dma_mmap_attrs() can work at all. */
#include <linux/dma-mapping.h>

bool cohmap_probe(struct device *dev)
{
	return dma_can_mmap(dev);
}
