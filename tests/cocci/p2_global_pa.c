// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>

#define RING_BYTES	(8 * PAGE_SIZE)

static struct device *ring_dev;
static void *ring;
static dma_addr_t ring_dma;

static int ring_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start,
			       __pa(ring) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start,
			       vma->vm_page_prot);
}

static int ring_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	ring_dev = &pdev->dev;
	ring = dma_alloc_coherent(&pdev->dev, RING_BYTES, &ring_dma, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	return 0;
}
