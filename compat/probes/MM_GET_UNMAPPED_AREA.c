// SPDX-License-Identifier: GPL-2.0
/*
 * After 6.12: mm_get_unmapped_area() works on current->mm and takes no
 * mm (7.2 has this form).
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

unsigned long cohmap_probe(struct file *file, unsigned long addr,
			   unsigned long len, unsigned long pgoff,
			   unsigned long flags)
{
	return mm_get_unmapped_area(file, addr, len, pgoff, flags);
}
