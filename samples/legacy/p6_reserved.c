// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy pattern P6, on purpose: a framebuffer-style driver that allocates
 * its video memory with dma_alloc_wc(), marks every page of it
 * SetPageReserved() "so it can be mapped", and maps it with
 * remap_pfn_range() of page_to_pfn(virt_to_page(vmem)).
 *
 * The reserved bit was never needed for remap_pfn_range(), and
 * virt_to_page() of the buffer's kernel address names unrelated struct
 * pages under an IOMMU or on a non-coherent device (vmalloc remap), so the
 * driver sets flags in other pages' struct page as well as mapping the
 * wrong memory. Do not copy this driver: it is input for
 * semantic-patches/convert.sh and the before/after test.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "legacy_edu.h"

struct lp6_fb {
	struct legacy_edu edu;
	struct miscdevice misc;
	struct device *dev;
	void *vmem;
	dma_addr_t vmem_dma;
	unsigned long vmem_size;
};

static int lp6_open(struct inode *inode, struct file *file)
{
	file->private_data = container_of(file->private_data, struct lp6_fb,
					  misc);
	return 0;
}

static int lp6_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct lp6_fb *fb = file->private_data;
	unsigned long size = vma->vm_end - vma->vm_start;
	unsigned long pfn;

	if (vma->vm_pgoff > fb->vmem_size >> PAGE_SHIFT ||
	    size > fb->vmem_size - (vma->vm_pgoff << PAGE_SHIFT))
		return -EINVAL;
	pfn = page_to_pfn(virt_to_page(fb->vmem)) + vma->vm_pgoff;
	return remap_pfn_range(vma, vma->vm_start, pfn, size,
			       vma->vm_page_prot);
}

static long lp6_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct lp6_fb *fb = file->private_data;

	return legacy_edu_ioctl(&fb->edu, fb->vmem, fb->vmem_dma,
				fb->vmem_size, cmd, arg);
}

static const struct file_operations lp6_fops = {
	.owner		= THIS_MODULE,
	.open		= lp6_open,
	.mmap		= lp6_mmap,
	.unlocked_ioctl	= lp6_ioctl,
	.llseek		= noop_llseek,
};

static int lp6_alloc_vmem(struct lp6_fb *fb)
{
	struct page *page;

	fb->vmem = dma_alloc_wc(fb->dev, fb->vmem_size, &fb->vmem_dma,
				GFP_KERNEL);
	if (!fb->vmem)
		return -ENOMEM;
	for (page = virt_to_page(fb->vmem);
	     page <= virt_to_page(fb->vmem + fb->vmem_size - 1); page++)
		SetPageReserved(page);
	return 0;
}

static void lp6_free_vmem(struct lp6_fb *fb)
{
	unsigned long addr;

	for (addr = (unsigned long)fb->vmem;
	     addr < (unsigned long)fb->vmem + fb->vmem_size; addr += PAGE_SIZE)
		ClearPageReserved(virt_to_page(addr));
	dma_free_wc(fb->dev, fb->vmem_size, fb->vmem, fb->vmem_dma);
}

static int lp6_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lp6_fb *fb;
	int ret;

	fb = kzalloc(sizeof(*fb), GFP_KERNEL);
	if (!fb)
		return -ENOMEM;
	ret = legacy_edu_enable(&fb->edu, pdev);
	if (ret)
		goto free;
	fb->dev = &pdev->dev;
	fb->vmem_size = LEGACY_BUF_SIZE;
	ret = lp6_alloc_vmem(fb);
	if (ret)
		goto disable;
	fb->misc.minor = MISC_DYNAMIC_MINOR;
	fb->misc.name = KBUILD_MODNAME;
	fb->misc.fops = &lp6_fops;
	fb->misc.parent = &pdev->dev;
	ret = misc_register(&fb->misc);
	if (ret)
		goto free_vmem;
	pci_set_drvdata(pdev, fb);
	dev_info(&pdev->dev, "/dev/%s: video memory at DMA %pad, kernel address %s\n",
		 KBUILD_MODNAME, &fb->vmem_dma,
		 is_vmalloc_addr(fb->vmem) ? "vmalloc" : "linear");
	return 0;

free_vmem:
	lp6_free_vmem(fb);
disable:
	legacy_edu_disable(&fb->edu);
free:
	kfree(fb);
	return ret;
}

static void lp6_remove(struct pci_dev *pdev)
{
	struct lp6_fb *fb = pci_get_drvdata(pdev);

	misc_deregister(&fb->misc);
	lp6_free_vmem(fb);
	legacy_edu_disable(&fb->edu);
	kfree(fb);
}

static const struct pci_device_id lp6_ids[] = {
	{ PCI_DEVICE(LEGACY_EDU_VENDOR, LEGACY_EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lp6_ids);

static struct pci_driver lp6_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= lp6_ids,
	.probe		= lp6_probe,
	.remove		= lp6_remove,
};
module_pci_driver(lp6_driver);

MODULE_DESCRIPTION("cohmap legacy sample P6: SetPageReserved() over a write-combining coherent buffer");
MODULE_LICENSE("GPL");
