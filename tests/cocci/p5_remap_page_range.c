// SPDX-License-Identifier: GPL-2.0
/* 2.6-era driver: remap_page_range() was removed in 2.6.11. */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>

#define OLD_BUF_SIZE	(32 * PAGE_SIZE)

static struct pci_dev *old_pdev;
static void *old_buf;
static dma_addr_t old_bus;

static int old_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;

	if (size > OLD_BUF_SIZE)
		return -EINVAL;
	if (remap_page_range(vma, vma->vm_start, virt_to_phys(old_buf), size,
			     PAGE_SHARED))
		return -EAGAIN;
	return 0;
}

static int old_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	old_pdev = pdev;
	old_buf = pci_alloc_consistent(pdev, OLD_BUF_SIZE, &old_bus);
	return old_buf ? 0 : -ENOMEM;
}
