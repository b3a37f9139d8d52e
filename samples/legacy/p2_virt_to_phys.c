// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy pattern P2, on purpose: remap_pfn_range() of
 * virt_to_phys(cpu_addr) >> PAGE_SHIFT, for one of an array of
 * dma_alloc_coherent() rings (the shape of SDR and capture drivers).
 *
 * virt_to_phys() is only defined on the linear map; under an IOMMU or on a
 * non-coherent device the coherent buffer is a vmalloc-area remap, so the
 * pfn is garbage and user space sees other memory (CONFIG_DEBUG_VIRTUAL
 * warns on arm64, BUGs on x86). Do not copy this driver: it is input for
 * semantic-patches/convert.sh and the before/after test.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "legacy_edu.h"

#define LP2_NRING	2
#define LP2_RING_SIZE	LEGACY_BUF_SIZE

struct lp2_dev {
	struct legacy_edu edu;
	struct miscdevice misc;
	struct device *dev;
	void *ring[LP2_NRING];
	dma_addr_t ring_dma[LP2_NRING];
};

static int lp2_open(struct inode *inode, struct file *file)
{
	file->private_data = container_of(file->private_data, struct lp2_dev,
					  misc);
	return 0;
}

/* User space maps the receive ring, ring 0. */
static int lp2_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct lp2_dev *lp = file->private_data;
	unsigned long size = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff || size > LP2_RING_SIZE)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(lp->ring[0]) >> PAGE_SHIFT,
			       size, vma->vm_page_prot);
}

static long lp2_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct lp2_dev *lp = file->private_data;

	return legacy_edu_ioctl(&lp->edu, lp->ring[0], lp->ring_dma[0],
				LP2_RING_SIZE, cmd, arg);
}

static const struct file_operations lp2_fops = {
	.owner		= THIS_MODULE,
	.open		= lp2_open,
	.mmap		= lp2_mmap,
	.unlocked_ioctl	= lp2_ioctl,
	.llseek		= noop_llseek,
};

static void lp2_free_rings(struct lp2_dev *lp)
{
	int i;

	for (i = 0; i < LP2_NRING; i++)
		if (lp->ring[i])
			dma_free_coherent(lp->dev, LP2_RING_SIZE, lp->ring[i],
					  lp->ring_dma[i]);
}

static int lp2_alloc_rings(struct lp2_dev *lp)
{
	int i;

	for (i = 0; i < LP2_NRING; i++) {
		lp->ring[i] = dma_alloc_coherent(lp->dev, LP2_RING_SIZE,
						 &lp->ring_dma[i], GFP_KERNEL);
		if (!lp->ring[i]) {
			lp2_free_rings(lp);
			return -ENOMEM;
		}
	}
	return 0;
}

static int lp2_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lp2_dev *lp;
	int ret;

	lp = kzalloc(sizeof(*lp), GFP_KERNEL);
	if (!lp)
		return -ENOMEM;
	ret = legacy_edu_enable(&lp->edu, pdev);
	if (ret)
		goto free;
	lp->dev = &pdev->dev;
	ret = lp2_alloc_rings(lp);
	if (ret)
		goto disable;
	lp->misc.minor = MISC_DYNAMIC_MINOR;
	lp->misc.name = KBUILD_MODNAME;
	lp->misc.fops = &lp2_fops;
	lp->misc.parent = &pdev->dev;
	ret = misc_register(&lp->misc);
	if (ret)
		goto free_rings;
	pci_set_drvdata(pdev, lp);
	dev_info(&pdev->dev, "/dev/%s: ring 0 at DMA %pad, kernel address %s\n",
		 KBUILD_MODNAME, &lp->ring_dma[0],
		 is_vmalloc_addr(lp->ring[0]) ? "vmalloc" : "linear");
	return 0;

free_rings:
	lp2_free_rings(lp);
disable:
	legacy_edu_disable(&lp->edu);
free:
	kfree(lp);
	return ret;
}

static void lp2_remove(struct pci_dev *pdev)
{
	struct lp2_dev *lp = pci_get_drvdata(pdev);

	misc_deregister(&lp->misc);
	lp2_free_rings(lp);
	legacy_edu_disable(&lp->edu);
	kfree(lp);
}

static const struct pci_device_id lp2_ids[] = {
	{ PCI_DEVICE(LEGACY_EDU_VENDOR, LEGACY_EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lp2_ids);

static struct pci_driver lp2_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= lp2_ids,
	.probe		= lp2_probe,
	.remove		= lp2_remove,
};
module_pci_driver(lp2_driver);

MODULE_DESCRIPTION("cohmap legacy sample P2: remap_pfn_range() of virt_to_phys() of a coherent buffer");
MODULE_LICENSE("GPL");
