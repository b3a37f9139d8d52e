// SPDX-License-Identifier: GPL-2.0
/* The other module: its pages come from the page allocator. */
#include <linux/fb_pages.h>

int b_fb_init(struct fb_pages *fp)
{
	fp->pages[0] = alloc_page(GFP_KERNEL);
	return fp->pages[0] ? 0 : -ENOMEM;
}

vm_fault_t b_fb_fault(struct vm_fault *vmf)
{
	struct fb_pages *fp = vmf->vma->vm_private_data;
	struct page *page = fp->pages[vmf->pgoff];

	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(page));
}
