// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

struct trace {
	void *vbuf;
	void *lin;
	unsigned long len;
};

static int trace_init(struct trace *t)
{
	t->vbuf = vmalloc_user(t->len);
	t->lin = page_address(alloc_pages(GFP_KERNEL, 3));
	return 0;
}

static int trace_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct trace *t = file->private_data;

	if (vma->vm_pgoff)
		return remap_pfn_range(vma, vma->vm_start,
				       virt_to_phys(t->lin) >> PAGE_SHIFT,
				       PAGE_SIZE << 3, vma->vm_page_prot);
	return remap_vmalloc_range(vma, t->vbuf, 0);
}
