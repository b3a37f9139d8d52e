// SPDX-License-Identifier: GPL-2.0
/*
 * A ring of slots inside one coherent allocation; each slot is mapped on
 * its own with dma_mmap_coherent() of the slot's address. Under an IOMMU
 * the DMA layer looks the pages up from the allocation's start.
 */
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/mm.h>

struct dmi_slot {
	void *cpu;
	dma_addr_t dma;
};

struct dmi {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	struct dmi_slot slot[4];
};

static int dmi_alloc(struct dmi *d)
{
	int i;

	d->ring = dma_alloc_coherent(d->dev, 4 * SZ_64K, &d->ring_dma,
				     GFP_KERNEL);
	if (!d->ring)
		return -ENOMEM;
	for (i = 0; i < 4; i++) {
		d->slot[i].cpu = d->ring + i * SZ_64K;
		d->slot[i].dma = d->ring_dma + i * SZ_64K;
	}
	return 0;
}

static int dmi_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct dmi *d = file->private_data;
	struct dmi_slot *s = &d->slot[vma->vm_pgoff & 3];

	vma->vm_pgoff = 0;
	return dma_mmap_coherent(d->dev, vma, s->cpu, s->dma, SZ_64K);
}
