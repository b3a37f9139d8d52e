// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy pattern P4, on purpose: an mmap that walks a dma_alloc_coherent()
 * buffer page by page and vm_insert_page()s virt_to_page() of each (the
 * shape of old audio and video capture drivers). The buffer is allocated
 * into locals and then stored in the device struct.
 *
 * virt_to_page() of a coherent buffer's kernel address is wrong wherever
 * that address is not in the linear map (IOMMU, non-coherent remap), and
 * where it is, the tail pages of the high-order allocation have a zero
 * refcount that vm_insert_page() raises from nothing. Do not copy this
 * driver: it is input for semantic-patches/convert.sh and the before/after
 * test.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "legacy_edu.h"

struct lp4_dev {
	struct legacy_edu edu;
	struct miscdevice misc;
	struct device *dev;
	char *area;
	dma_addr_t addr;
	size_t bytes;
};

static int lp4_open(struct inode *inode, struct file *file)
{
	file->private_data = container_of(file->private_data, struct lp4_dev,
					  misc);
	return 0;
}

static int lp4_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct lp4_dev *lp = file->private_data;
	unsigned long start = vma->vm_start;
	unsigned long size = vma->vm_end - vma->vm_start;
	char *pos = lp->area;

	if (vma->vm_pgoff || size > lp->bytes)
		return -EINVAL;
	while (size > 0) {
		struct page *page = virt_to_page(pos);

		if (vm_insert_page(vma, start, page))
			return -EAGAIN;
		start += PAGE_SIZE;
		pos += PAGE_SIZE;
		size -= PAGE_SIZE;
	}
	return 0;
}

static long lp4_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct lp4_dev *lp = file->private_data;

	return legacy_edu_ioctl(&lp->edu, lp->area, lp->addr, lp->bytes,
				cmd, arg);
}

static const struct file_operations lp4_fops = {
	.owner		= THIS_MODULE,
	.open		= lp4_open,
	.mmap		= lp4_mmap,
	.unlocked_ioctl	= lp4_ioctl,
	.llseek		= noop_llseek,
};

static int lp4_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lp4_dev *lp;
	dma_addr_t addr;
	char *area;
	int ret;

	lp = kzalloc(sizeof(*lp), GFP_KERNEL);
	if (!lp)
		return -ENOMEM;
	ret = legacy_edu_enable(&lp->edu, pdev);
	if (ret)
		goto free;
	area = dma_alloc_coherent(&pdev->dev, LEGACY_BUF_SIZE, &addr,
				  GFP_KERNEL);
	if (!area) {
		ret = -ENOMEM;
		goto disable;
	}
	lp->dev = &pdev->dev;
	lp->area = area;
	lp->addr = addr;
	lp->bytes = LEGACY_BUF_SIZE;
	lp->misc.minor = MISC_DYNAMIC_MINOR;
	lp->misc.name = KBUILD_MODNAME;
	lp->misc.fops = &lp4_fops;
	lp->misc.parent = &pdev->dev;
	ret = misc_register(&lp->misc);
	if (ret)
		goto free_area;
	pci_set_drvdata(pdev, lp);
	dev_info(&pdev->dev, "/dev/%s: buffer at DMA %pad, kernel address %s\n",
		 KBUILD_MODNAME, &lp->addr,
		 is_vmalloc_addr(lp->area) ? "vmalloc" : "linear");
	return 0;

free_area:
	dma_free_coherent(&pdev->dev, LEGACY_BUF_SIZE, area, addr);
disable:
	legacy_edu_disable(&lp->edu);
free:
	kfree(lp);
	return ret;
}

static void lp4_remove(struct pci_dev *pdev)
{
	struct lp4_dev *lp = pci_get_drvdata(pdev);

	misc_deregister(&lp->misc);
	dma_free_coherent(lp->dev, lp->bytes, lp->area, lp->addr);
	legacy_edu_disable(&lp->edu);
	kfree(lp);
}

static const struct pci_device_id lp4_ids[] = {
	{ PCI_DEVICE(LEGACY_EDU_VENDOR, LEGACY_EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lp4_ids);

static struct pci_driver lp4_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= lp4_ids,
	.probe		= lp4_probe,
	.remove		= lp4_remove,
};
module_pci_driver(lp4_driver);

MODULE_DESCRIPTION("cohmap legacy sample P4: vm_insert_page() of virt_to_page() of a coherent buffer");
MODULE_LICENSE("GPL");
