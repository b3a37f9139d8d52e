// SPDX-License-Identifier: GPL-2.0
/* 6.3: vm_flags became read-only behind vm_flags_set()/vm_flags_clear(). */
#include <linux/mm.h>

void cohmap_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_IO);
	vm_flags_clear(vma, VM_MAYWRITE);
}
