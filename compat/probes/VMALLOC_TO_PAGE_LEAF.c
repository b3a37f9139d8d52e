// SPDX-License-Identifier: GPL-2.0
/*
 * 5.13: vmalloc_to_page() reads huge (PMD/PUD leaf) entries, which huge
 * ioremap() leaves in vmalloc space; before, it warned and returned NULL
 * on them. is_vm_area_hugepages() came in the same series (huge vmalloc
 * mappings), so it stands for the fix.
 */
#include <linux/vmalloc.h>

bool cohmap_probe_leaf(const void *addr)
{
	return is_vm_area_hugepages(addr);
}
