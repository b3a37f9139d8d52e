// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct proxy {
	struct device *dev;
	void *buf;
	dma_addr_t dma;
};

#define PROXY_BYTES	SZ_64K

static int proxy_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct proxy *px = file->private_data;
	phys_addr_t start = px->dma;

	return vm_iomap_memory(vma, start, PROXY_BYTES);
}

static int proxy_init(struct proxy *px)
{
	px->buf = dma_alloc_coherent(px->dev, PROXY_BYTES, &px->dma,
				     GFP_KERNEL);
	return px->buf ? 0 : -ENOMEM;
}
