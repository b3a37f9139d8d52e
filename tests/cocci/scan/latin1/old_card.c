// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) Jürgen Müller: an old driver saved in Latin-1. */
struct old_card {
	struct pci_dev *pdev;
	void *buffer;
	dma_addr_t bus;
};

static int old_open(struct old_card *card)
{
	card->buffer = pci_alloc_consistent(card->pdev, 65536, &card->bus);
	return card->buffer ? 0 : -ENOMEM;
}

static int old_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct old_card *card = file->private_data;

	/* «direct» mapping of the bus address */
	return remap_pfn_range(vma, vma->vm_start, card->bus >> PAGE_SHIFT,
			       65536, vma->vm_page_prot);
}
