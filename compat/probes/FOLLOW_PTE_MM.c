// SPDX-License-Identifier: GPL-2.0
/* Until 6.10, follow_pte() took the mm; since, the vma. (KUnit suite only.) */
#include <linux/mm.h>

int cohmap_probe(struct vm_area_struct *vma, pte_t **ptep, spinlock_t **ptl)
{
	return follow_pte(vma->vm_mm, vma->vm_start, ptep, ptl);
}
