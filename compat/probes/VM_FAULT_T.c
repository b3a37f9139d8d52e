// SPDX-License-Identifier: GPL-2.0
/* 4.17: fault handlers return vm_fault_t. */
#include <linux/mm_types.h>

vm_fault_t cohmap_probe(void)
{
	return VM_FAULT_SIGBUS;
}
