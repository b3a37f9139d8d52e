// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

static unsigned long shm;
static struct page *pages;

static int shm_init(void)
{
	unsigned long addr;

	shm = __get_free_pages(GFP_KERNEL, 2);
	if (!shm)
		return -ENOMEM;
	for (addr = shm; addr < shm + (PAGE_SIZE << 2); addr += PAGE_SIZE)
		SetPageReserved(virt_to_page(addr));
	pages = alloc_pages(GFP_KERNEL, 1);
	return 0;
}

static int shm_mmap(struct file *file, struct vm_area_struct *vma)
{
	int ret;

	ret = remap_pfn_range(vma, vma->vm_start, virt_to_phys((void *)shm) >>
			      PAGE_SHIFT, PAGE_SIZE << 2, vma->vm_page_prot);
	if (ret)
		return ret;
	return vm_insert_page(vma, vma->vm_start,
			      virt_to_page(page_address(pages)));
}
