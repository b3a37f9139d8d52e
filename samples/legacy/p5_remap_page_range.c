// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy pattern P5, on purpose: a 2.4/2.6-era driver that maps its
 * coherent buffer with remap_page_range(vma, start, virt_to_phys(buf), ...)
 * and keeps its state in globals, as drivers of that time did.
 *
 * remap_page_range() was removed in 2.6.11. lp5_mmap() is the original
 * code (and what the semantic patches must recognise); on later kernels a
 * compat macro, the port such drivers got when the API went away, turns it
 * into remap_pfn_range() with the same bug as P2: virt_to_phys() of an
 * address that is not in the linear map under an IOMMU or on a
 * non-coherent device. Do not copy this driver: it is input for
 * semantic-patches/convert.sh and the before/after test.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/version.h>
#include "legacy_edu.h"

#define LP5_BUF_SIZE	LEGACY_BUF_SIZE

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 10)
/* remap_page_range() takes a physical address and is the kernel's own. */
#else
#define remap_page_range(vma, from, phys, size, prot) \
	remap_pfn_range(vma, from, (phys) >> PAGE_SHIFT, size, prot)
#endif

static struct pci_dev *lp5_pdev;
static void *lp5_buf;
static dma_addr_t lp5_bus;
static struct legacy_edu lp5_edu;

static int lp5_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff || size > LP5_BUF_SIZE)
		return -EINVAL;
	if (remap_page_range(vma, vma->vm_start, virt_to_phys(lp5_buf), size,
			     PAGE_SHARED))
		return -EAGAIN;
	return 0;
}

static long lp5_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return legacy_edu_ioctl(&lp5_edu, lp5_buf, lp5_bus, LP5_BUF_SIZE, cmd,
				arg);
}

static const struct file_operations lp5_fops = {
	.owner		= THIS_MODULE,
	.mmap		= lp5_mmap,
	.unlocked_ioctl	= lp5_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice lp5_misc = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= KBUILD_MODNAME,
	.fops		= &lp5_fops,
};

static int lp5_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	ret = legacy_edu_enable(&lp5_edu, pdev);
	if (ret)
		return ret;
	lp5_pdev = pdev;
	lp5_buf = dma_alloc_coherent(&pdev->dev, LP5_BUF_SIZE, &lp5_bus,
				     GFP_KERNEL);
	if (!lp5_buf) {
		ret = -ENOMEM;
		goto disable;
	}
	lp5_misc.parent = &pdev->dev;
	ret = misc_register(&lp5_misc);
	if (ret)
		goto free_buf;
	dev_info(&pdev->dev, "/dev/%s: buffer at DMA %pad, kernel address %s\n",
		 KBUILD_MODNAME, &lp5_bus,
		 is_vmalloc_addr(lp5_buf) ? "vmalloc" : "linear");
	return 0;

free_buf:
	dma_free_coherent(&pdev->dev, LP5_BUF_SIZE, lp5_buf, lp5_bus);
disable:
	legacy_edu_disable(&lp5_edu);
	return ret;
}

static void lp5_remove(struct pci_dev *pdev)
{
	misc_deregister(&lp5_misc);
	dma_free_coherent(&lp5_pdev->dev, LP5_BUF_SIZE, lp5_buf, lp5_bus);
	legacy_edu_disable(&lp5_edu);
}

static const struct pci_device_id lp5_ids[] = {
	{ PCI_DEVICE(LEGACY_EDU_VENDOR, LEGACY_EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lp5_ids);

static struct pci_driver lp5_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= lp5_ids,
	.probe		= lp5_probe,
	.remove		= lp5_remove,
};
module_pci_driver(lp5_driver);

MODULE_DESCRIPTION("cohmap legacy sample P5: 2.6-era remap_page_range() of virt_to_phys() of a coherent buffer");
MODULE_LICENSE("GPL");
