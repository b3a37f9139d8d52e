// SPDX-License-Identifier: GPL-2.0
/* A fault handler in another file hands out pages of the coherent ring. */
#include "ring.h"

static vm_fault_t ring_fault(struct vm_fault *vmf)
{
	struct ring *r = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= r->size)
		return VM_FAULT_SIGBUS;
	vmf->page = virt_to_page(r->vaddr + off);
	get_page(vmf->page);
	return 0;
}
