// SPDX-License-Identifier: GPL-2.0
/* Two structs with a field of the same name: only one is coherent. */
#include <linux/module.h>
#include <linux/mm.h>

struct hw {
	struct device *dev;
	void *buf;
	dma_addr_t buf_dma;
};

struct sw {
	void *buf;
};

static int hw_init(struct hw *hw)
{
	hw->buf = dma_alloc_coherent(hw->dev, SZ_4K, &hw->buf_dma, GFP_KERNEL);
	return hw->buf ? 0 : -ENOMEM;
}

static int sw_init(struct sw *sw)
{
	sw->buf = (void *)__get_free_page(GFP_KERNEL);
	return sw->buf ? 0 : -ENOMEM;
}

static int sw_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sw *sw = file->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(sw->buf));
}
