// SPDX-License-Identifier: GPL-2.0
/*
 * A 2.6-era mmap ported in place: the old call and its replacement in one
 * function under a version guard. The rewrite cannot cross the #else, so
 * the site is reported with what the author must do, and nothing changes.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/version.h>

#define OLD_BUF_SIZE	(4 * PAGE_SIZE)

static struct pci_dev *old_pdev;
static void *old_buf;
static dma_addr_t old_bus;

static int old_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;

	if (size > OLD_BUF_SIZE)
		return -EINVAL;
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 10)
	if (remap_page_range(vma, vma->vm_start, virt_to_phys(old_buf), size,
			     PAGE_SHARED))
		return -EAGAIN;
#else
	if (remap_pfn_range(vma, vma->vm_start,
			    virt_to_phys(old_buf) >> PAGE_SHIFT, size,
			    vma->vm_page_prot))
		return -EAGAIN;
#endif
	return 0;
}

static int old_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	old_pdev = pdev;
	old_buf = dma_alloc_coherent(&pdev->dev, OLD_BUF_SIZE, &old_bus,
				     GFP_KERNEL);
	return old_buf ? 0 : -ENOMEM;
}
