// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>

struct card {
	struct pci_dev *pdev;
	void *ring;
	dma_addr_t ring_dma;
};

static int card_init(struct card *c)
{
	c->ring = dma_alloc_coherent(&c->pdev->dev, SZ_4K, &c->ring_dma,
				     GFP_KERNEL);
	return c->ring ? 0 : -ENOMEM;
}

static int card_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct card *c = file->private_data;
	unsigned long pfn = pci_resource_start(c->pdev, 0) >> PAGE_SHIFT;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, pfn + vma->vm_pgoff,
				  vma->vm_end - vma->vm_start,
				  vma->vm_page_prot);
}
