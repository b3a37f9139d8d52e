// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/dma-mapping.h>

struct good {
	struct device *dev;
	void *cpu;
	dma_addr_t dma;
	size_t size;
};

static int good_init(struct good *g)
{
	g->cpu = dma_alloc_coherent(g->dev, g->size, &g->dma, GFP_KERNEL);
	return g->cpu ? 0 : -ENOMEM;
}

static int good_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct good *g = file->private_data;

	if (!dma_can_mmap(g->dev))
		return -ENXIO;
	return dma_mmap_coherent(g->dev, vma, g->cpu, g->dma, g->size);
}

static void good_sync(struct good *g, struct scatterlist *sg)
{
	sg_set_buf(sg, g->cpu, g->size);
}
