// SPDX-License-Identifier: GPL-2.0
/*
 * 6.10: mm->get_unmapped_area gave way to mm_get_unmapped_area(mm, ...),
 * until the mm argument went too (see MM_GET_UNMAPPED_AREA.c).
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

unsigned long cohmap_probe(struct file *file, unsigned long addr,
			   unsigned long len, unsigned long pgoff,
			   unsigned long flags)
{
	return mm_get_unmapped_area(current->mm, file, addr, len, pgoff,
				    flags);
}
