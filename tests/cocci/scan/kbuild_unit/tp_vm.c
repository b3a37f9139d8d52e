// SPDX-License-Identifier: GPL-2.0
/* The fault handler of the same module maps what the pool stored. */
#include <drm/tp_tt.h>

vm_fault_t tp_vm_fault(struct vm_fault *vmf)
{
	struct tp_tt *tt = vmf->vma->vm_private_data;
	struct page *page = tt->pages[vmf->pgoff];

	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(page));
}
