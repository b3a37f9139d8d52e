// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct xdev {
	struct device *dev;
	struct {
		void *cpu;
		dma_addr_t bus;
	} desc;
};

#define XDEV_DESC(x)	((x)->desc.cpu)
#define XDEV_DESC_LEN	(2 * PAGE_SIZE)

static int xdev_alloc(struct xdev *x)
{
	XDEV_DESC(x) = dma_alloc_coherent(x->dev, XDEV_DESC_LEN,
					  &x->desc.bus, GFP_KERNEL);
	return XDEV_DESC(x) ? 0 : -ENOMEM;
}

static int xdev_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct xdev *x = file->private_data;

	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(XDEV_DESC(x)) >> PAGE_SHIFT,
			       XDEV_DESC_LEN, vma->vm_page_prot);
}
