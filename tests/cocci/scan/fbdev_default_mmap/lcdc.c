// SPDX-License-Identifier: GPL-2.0
/*
 * A framebuffer whose memory is coherent DMA memory and whose fb_ops have
 * no .fb_mmap: fbdev's own fb_mmap() maps fix.smem_start for the driver.
 */
#include <linux/fb.h>

struct lcdc {
	struct fb_info *info;
	struct device *dev;
};

static const struct fb_ops lcdc_ops = {
	.owner = THIS_MODULE,
	.fb_fillrect = cfb_fillrect,
};

static int lcdc_setup(struct lcdc *lc, size_t size)
{
	struct fb_info *info = lc->info;
	dma_addr_t handle;
	void *vram;

	vram = dma_alloc_wc(lc->dev, size, &handle, GFP_KERNEL);
	if (!vram)
		return -ENOMEM;
	info->screen_base = vram;
	info->fix.smem_start = virt_to_phys(vram);
	info->fix.smem_len = size;
	info->fbops = &lcdc_ops;
	return 0;
}
