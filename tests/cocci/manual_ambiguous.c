// SPDX-License-Identifier: GPL-2.0
/* The buffer comes from a coherent or a plain allocator: never guess. */
#include <linux/module.h>
#include <linux/mm.h>

struct cam {
	struct device *dev;
	bool coherent;
	void *frame;
	dma_addr_t frame_dma;
	size_t len;
};

static int cam_alloc(struct cam *c)
{
	if (c->coherent)
		c->frame = dma_alloc_coherent(c->dev, c->len, &c->frame_dma,
					      GFP_KERNEL);
	else
		c->frame = kzalloc(c->len, GFP_KERNEL);
	return c->frame ? 0 : -ENOMEM;
}

static int cam_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct cam *c = file->private_data;

	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(c->frame) >> PAGE_SHIFT,
			       c->len, vma->vm_page_prot);
}
