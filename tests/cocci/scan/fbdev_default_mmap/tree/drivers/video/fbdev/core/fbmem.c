// SPDX-License-Identifier: GPL-2.0
/* What the scan reads of a 6.1 fbdev core: fb_mmap()'s fallback. */
static int fb_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct fb_info *info = file_fb_info(file);

	if (info->fbops->fb_mmap)
		return info->fbops->fb_mmap(info, vma);
	return vm_iomap_memory(vma, info->fix.smem_start, info->fix.smem_len);
}
