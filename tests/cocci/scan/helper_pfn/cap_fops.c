// SPDX-License-Identifier: GPL-2.0
#include "cap.h"

static vm_fault_t cap_fault(struct vm_fault *vmf)
{
	struct cap_dev *cd = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address,
			      cap_frame_pfn(cd, vmf->pgoff << PAGE_SHIFT));
}
