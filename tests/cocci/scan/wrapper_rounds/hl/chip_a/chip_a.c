// SPDX-License-Identifier: GPL-2.0
/* The chip allocates coherent memory and maps virt_to_phys() of it. */
#include "../common/hl.h"

static void *chip_a_cb_alloc(struct hl_dev *hdev, size_t size,
			     dma_addr_t *handle)
{
	return dma_alloc_coherent(hdev->dev, size, handle, GFP_KERNEL);
}

static int chip_a_cb_mmap(struct hl_dev *hdev, struct vm_area_struct *vma,
			  void *cpu_addr, size_t size)
{
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(cpu_addr) >> PAGE_SHIFT,
			       size, vma->vm_page_prot);
}

static const struct hl_asic_funcs chip_a_funcs = {
	.cb_alloc = chip_a_cb_alloc,
	.cb_mmap = chip_a_cb_mmap,
};
