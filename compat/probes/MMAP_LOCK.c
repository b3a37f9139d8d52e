// SPDX-License-Identifier: GPL-2.0
/* 5.8: mmap_sem hidden behind the mmap_lock API. */
#include <linux/mm.h>
#include <linux/mmap_lock.h>

void cohmap_probe(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
}
