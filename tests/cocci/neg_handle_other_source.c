// SPDX-License-Identifier: GPL-2.0
/*
 * Seen in drivers/rapidio and amba-clcd: the field holding the DMA handle
 * of one kind of buffer holds a real physical address (an outbound window,
 * a reserved VRAM region) for another, and the mmap that uses it as a pfn
 * only serves the second kind.  Only reported with -D ambiguous.
 */
#include <linux/module.h>
#include <linux/mm.h>

struct win {
	struct device *dev;
	void *virt;
	phys_addr_t phys;
	size_t size;
};

static int win_alloc_inbound(struct win *w)
{
	w->virt = dma_alloc_coherent(w->dev, w->size, &w->phys, GFP_KERNEL);
	return w->virt ? 0 : -ENOMEM;
}

static int win_map_outbound(struct win *w, phys_addr_t *paddr)
{
	w->phys = *paddr;
	return 0;
}

static int win_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct win *w = file->private_data;

	return vm_iomap_memory(vma, w->phys, w->size);
}
