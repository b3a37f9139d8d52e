// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy pattern P1, on purpose: a fault handler that hands out
 * virt_to_page() of a dma_alloc_coherent() buffer held in a struct field.
 *
 * The kernel address of a coherent buffer is not in the linear map under an
 * IOMMU or on a non-coherent device (vmalloc remap), so virt_to_page() names
 * an unrelated struct page; and the buffer's tail pages come from one
 * high-order allocation with a zero refcount, so get_page() on them is
 * already a bug where the address is linear. Do not copy this driver: it is
 * input for semantic-patches/convert.sh and the before/after test.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "legacy_edu.h"

#define LP1_BUF_SIZE	LEGACY_BUF_SIZE

struct lp1_dev {
	struct legacy_edu edu;
	struct miscdevice misc;
	struct device *dev;
	void *buf;
	dma_addr_t buf_dma;
};

static vm_fault_t lp1_fault(struct vm_fault *vmf)
{
	struct lp1_dev *lp = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= LP1_BUF_SIZE)
		return VM_FAULT_SIGBUS;
	vmf->page = virt_to_page(lp->buf + off);
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct lp1_vm_ops = {
	.fault = lp1_fault,
};

static int lp1_open(struct inode *inode, struct file *file)
{
	file->private_data = container_of(file->private_data, struct lp1_dev,
					  misc);
	return 0;
}

static int lp1_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct lp1_dev *lp = file->private_data;

	vma->vm_ops = &lp1_vm_ops;
	vma->vm_private_data = lp;
	return 0;
}

static long lp1_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct lp1_dev *lp = file->private_data;

	return legacy_edu_ioctl(&lp->edu, lp->buf, lp->buf_dma, LP1_BUF_SIZE,
				cmd, arg);
}

static const struct file_operations lp1_fops = {
	.owner		= THIS_MODULE,
	.open		= lp1_open,
	.mmap		= lp1_mmap,
	.unlocked_ioctl	= lp1_ioctl,
	.llseek		= noop_llseek,
};

static int lp1_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lp1_dev *lp;
	int ret;

	lp = kzalloc(sizeof(*lp), GFP_KERNEL);
	if (!lp)
		return -ENOMEM;
	ret = legacy_edu_enable(&lp->edu, pdev);
	if (ret)
		goto free;
	lp->dev = &pdev->dev;
	lp->buf = dma_alloc_coherent(&pdev->dev, LP1_BUF_SIZE, &lp->buf_dma,
				     GFP_KERNEL);
	if (!lp->buf) {
		ret = -ENOMEM;
		goto disable;
	}
	lp->misc.minor = MISC_DYNAMIC_MINOR;
	lp->misc.name = KBUILD_MODNAME;
	lp->misc.fops = &lp1_fops;
	lp->misc.parent = &pdev->dev;
	ret = misc_register(&lp->misc);
	if (ret)
		goto free_buf;
	pci_set_drvdata(pdev, lp);
	dev_info(&pdev->dev, "/dev/%s: buffer at DMA %pad, kernel address %s\n",
		 KBUILD_MODNAME, &lp->buf_dma,
		 is_vmalloc_addr(lp->buf) ? "vmalloc" : "linear");
	return 0;

free_buf:
	dma_free_coherent(&pdev->dev, LP1_BUF_SIZE, lp->buf, lp->buf_dma);
disable:
	legacy_edu_disable(&lp->edu);
free:
	kfree(lp);
	return ret;
}

static void lp1_remove(struct pci_dev *pdev)
{
	struct lp1_dev *lp = pci_get_drvdata(pdev);

	misc_deregister(&lp->misc);
	dma_free_coherent(&pdev->dev, LP1_BUF_SIZE, lp->buf, lp->buf_dma);
	legacy_edu_disable(&lp->edu);
	kfree(lp);
}

static const struct pci_device_id lp1_ids[] = {
	{ PCI_DEVICE(LEGACY_EDU_VENDOR, LEGACY_EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lp1_ids);

static struct pci_driver lp1_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= lp1_ids,
	.probe		= lp1_probe,
	.remove		= lp1_remove,
};
module_pci_driver(lp1_driver);

MODULE_DESCRIPTION("cohmap legacy sample P1: fault handler returning virt_to_page() of a coherent buffer");
MODULE_LICENSE("GPL");
