// SPDX-License-Identifier: GPL-2.0
/* Trap: smem_start holds the handle, but the driver maps with the DMA layer. */
#include <linux/fb.h>

struct wfb {
	struct device *dev;
	void *vram;
	dma_addr_t vram_dma;
};

static int wfb_mmap(struct fb_info *info, struct vm_area_struct *vma)
{
	struct wfb *w = info->par;

	return dma_mmap_wc(w->dev, vma, w->vram, w->vram_dma,
			   info->fix.smem_len);
}

static const struct fb_ops wfb_ops = {
	.owner = THIS_MODULE,
	.fb_mmap = wfb_mmap,
};

static int wfb_setup(struct fb_info *info, struct wfb *w, size_t size)
{
	w->vram = dma_alloc_wc(w->dev, size, &w->vram_dma, GFP_KERNEL);
	if (!w->vram)
		return -ENOMEM;
	info->fix.smem_start = w->vram_dma;
	info->fix.smem_len = size;
	info->fbops = &wfb_ops;
	return 0;
}
