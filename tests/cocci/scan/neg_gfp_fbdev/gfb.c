// SPDX-License-Identifier: GPL-2.0
/* Trap: a framebuffer in pages from the page allocator. */
#include <linux/fb.h>

static int gfb_setup(struct fb_info *info, size_t size)
{
	void *vram = (void *)__get_free_pages(GFP_KERNEL, get_order(size));

	if (!vram)
		return -ENOMEM;
	info->screen_base = vram;
	info->fix.smem_start = virt_to_phys(vram);
	info->fix.smem_len = size;
	return 0;
}
