// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy pattern P3, on purpose: remap_pfn_range() of the DMA handle of a
 * dmam_alloc_coherent() buffer, as if a bus address were a physical one
 * (the shape of DMA-buffer and FPGA drivers).
 *
 * Under an IOMMU the handle is an IOVA, with dma-ranges it is offset, on
 * pseries it is a TCE address: user space then maps whatever physical
 * memory sits at that number. Do not copy this driver: it is input for
 * semantic-patches/convert.sh and the before/after test.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include "legacy_edu.h"

struct lp3_dev {
	struct legacy_edu edu;
	struct miscdevice misc;
	struct device *dev;
	void *vaddr;
	dma_addr_t paddr;
	size_t size;
};

static int lp3_open(struct inode *inode, struct file *file)
{
	file->private_data = container_of(file->private_data, struct lp3_dev,
					  misc);
	return 0;
}

static int lp3_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct lp3_dev *lp = file->private_data;
	unsigned long size = vma->vm_end - vma->vm_start;

	if ((vma->vm_pgoff << PAGE_SHIFT) + size > lp->size)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start,
			       (lp->paddr >> PAGE_SHIFT) + vma->vm_pgoff,
			       size, vma->vm_page_prot);
}

static long lp3_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct lp3_dev *lp = file->private_data;

	return legacy_edu_ioctl(&lp->edu, lp->vaddr, lp->paddr, lp->size,
				cmd, arg);
}

static const struct file_operations lp3_fops = {
	.owner		= THIS_MODULE,
	.open		= lp3_open,
	.mmap		= lp3_mmap,
	.unlocked_ioctl	= lp3_ioctl,
	.llseek		= noop_llseek,
};

static int lp3_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lp3_dev *lp;
	int ret;

	lp = devm_kzalloc(&pdev->dev, sizeof(*lp), GFP_KERNEL);
	if (!lp)
		return -ENOMEM;
	ret = legacy_edu_enable(&lp->edu, pdev);
	if (ret)
		return ret;
	lp->dev = &pdev->dev;
	lp->size = LEGACY_BUF_SIZE;
	lp->vaddr = dmam_alloc_coherent(lp->dev, lp->size, &lp->paddr,
					GFP_KERNEL);
	if (!lp->vaddr) {
		ret = -ENOMEM;
		goto disable;
	}
	lp->misc.minor = MISC_DYNAMIC_MINOR;
	lp->misc.name = KBUILD_MODNAME;
	lp->misc.fops = &lp3_fops;
	lp->misc.parent = &pdev->dev;
	ret = misc_register(&lp->misc);
	if (ret)
		goto disable;
	pci_set_drvdata(pdev, lp);
	dev_info(&pdev->dev, "/dev/%s: buffer at DMA %pad, kernel address %s\n",
		 KBUILD_MODNAME, &lp->paddr,
		 is_vmalloc_addr(lp->vaddr) ? "vmalloc" : "linear");
	return 0;

disable:
	legacy_edu_disable(&lp->edu);
	return ret;
}

static void lp3_remove(struct pci_dev *pdev)
{
	struct lp3_dev *lp = pci_get_drvdata(pdev);

	misc_deregister(&lp->misc);
	legacy_edu_disable(&lp->edu);
}

static const struct pci_device_id lp3_ids[] = {
	{ PCI_DEVICE(LEGACY_EDU_VENDOR, LEGACY_EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lp3_ids);

static struct pci_driver lp3_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= lp3_ids,
	.probe		= lp3_probe,
	.remove		= lp3_remove,
};
module_pci_driver(lp3_driver);

MODULE_DESCRIPTION("cohmap legacy sample P3: remap_pfn_range() of a DMA handle");
MODULE_LICENSE("GPL");
