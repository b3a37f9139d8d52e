// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>

struct chip {
	struct pci_dev *pci;
	void *ring;
	dma_addr_t ring_bus;
};

#define CHIP_RING_SIZE	(4 * PAGE_SIZE)

static int chip_init(struct chip *chip, struct pci_dev *pci)
{
	chip->pci = pci;
	chip->ring = pci_alloc_consistent(pci, CHIP_RING_SIZE, &chip->ring_bus);
	return chip->ring ? 0 : -ENOMEM;
}

static int chip_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct chip *chip = file->private_data;

	return remap_pfn_range(vma, vma->vm_start,
			       page_to_pfn(virt_to_page(chip->ring)),
			       CHIP_RING_SIZE, vma->vm_page_prot);
}
