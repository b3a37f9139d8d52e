// SPDX-License-Identifier: GPL-2.0
/* The chip's mmap, in another folder, maps virt_to_phys() of what it gets. */
#include "../common/hl.h"

static int chip_a_mmap(struct hl_dev *hdev, struct vm_area_struct *vma,
		       void *cpu_addr, dma_addr_t dma_addr, size_t size)
{
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(cpu_addr) >> PAGE_SHIFT,
			       size, vma->vm_page_prot);
}

static const struct hl_asic_funcs chip_a_funcs = {
	.mmap = chip_a_mmap,
};
