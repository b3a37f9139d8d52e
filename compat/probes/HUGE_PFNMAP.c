// SPDX-License-Identifier: GPL-2.0
/*
 * 6.12: PMD entries in VM_PFNMAP vmas from ->huge_fault (the architecture
 * must support it and THP be on: CONFIG_ARCH_SUPPORTS_PMD_PFNMAP); 6.17:
 * vmf_insert_pfn_pmd() takes a plain pfn, the only form cohmap uses.
 */
#include <linux/mm.h>
#include <linux/huge_mm.h>

#ifndef CONFIG_ARCH_SUPPORTS_PMD_PFNMAP
#error "no huge pfnmaps in this kernel"
#endif

static vm_fault_t cohmap_probe_huge_fault(struct vm_fault *vmf,
					  unsigned int order)
{
	return order == PMD_ORDER ? vmf_insert_pfn_pmd(vmf, 0UL, true) :
				    VM_FAULT_FALLBACK;
}

const struct vm_operations_struct cohmap_probe_ops = {
	.huge_fault = cohmap_probe_huge_fault,
};
