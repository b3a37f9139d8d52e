// SPDX-License-Identifier: GPL-2.0
/* The device is only known to probe(): the author must supply it. */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>

struct buf {
	void *cpu;
	dma_addr_t dma;
};

static int buf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct buf *b = file->private_data;

	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(b->cpu) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int buf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct buf *b = devm_kzalloc(&pdev->dev, sizeof(*b), GFP_KERNEL);

	b->cpu = dma_alloc_coherent(&pdev->dev, SZ_4K, &b->dma, GFP_KERNEL);
	return b->cpu ? 0 : -ENOMEM;
}
