// SPDX-License-Identifier: GPL-2.0
/* Until 6.16, vmf_insert_mixed() took a pfn_t; since, a plain pfn. */
#include <linux/mm.h>
#include <linux/pfn_t.h>

vm_fault_t cohmap_probe(struct vm_area_struct *vma, unsigned long pfn)
{
	return vmf_insert_mixed(vma, vma->vm_start, pfn_to_pfn_t(pfn));
}
