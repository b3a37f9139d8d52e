// SPDX-License-Identifier: GPL-2.0
#include "vb.h"

static vm_fault_t vb_fault(struct vm_fault *vmf)
{
	struct vb *v = vmf->vma->vm_private_data;

	vmf->page = vmalloc_to_page(v->mem + (vmf->pgoff << PAGE_SHIFT));
	get_page(vmf->page);
	return 0;
}
