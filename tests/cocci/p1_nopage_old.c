// SPDX-License-Identifier: GPL-2.0
/* 2.6-era .nopage handler (removed in 2.6.26) and an extra .open. */
#include <linux/module.h>
#include <linux/mm.h>

#define NBUF		4
#define BUF_BYTES	(4 * PAGE_SIZE)

struct grab {
	struct device *dev;
	void *frame;
	dma_addr_t frame_dma;
};

static struct page *grab_nopage(struct vm_area_struct *vma,
				unsigned long address, int *type);

static struct vm_operations_struct grab_vm_ops = {
	.open = grab_vma_open,
	.nopage = grab_nopage,
};

static struct page *grab_nopage(struct vm_area_struct *vma,
				unsigned long address, int *type)
{
	struct grab *g = vma->vm_private_data;
	unsigned long off = address - vma->vm_start;
	struct page *page;

	page = virt_to_page(g->frame + off);
	get_page(page);
	return page;
}

static int grab_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct grab *g = file->private_data;

	vma->vm_ops = &grab_vm_ops;
	vma->vm_private_data = g;
	grab_vma_open(vma);
	return 0;
}

static int grab_init(struct grab *g)
{
	g->frame = dma_alloc_coherent(g->dev, BUF_BYTES, &g->frame_dma,
				      GFP_KERNEL);
	return g->frame ? 0 : -ENOMEM;
}
