// SPDX-License-Identifier: GPL-2.0
/*
 * Whether set_pte_at() links in a module with CONFIG_DEBUG_VM: from 6.12,
 * arm64 checks every pte change with pgattr_change_is_safe(), declared in
 * <asm/pgtable.h> but not exported. The probe defines a function of that
 * name with another type, which compiles only where no such declaration
 * is in the way (every kernel and architecture where set_pte_at() is
 * safe to call from a module).
 */
#include <linux/mm.h>
#include <linux/pgtable.h>

int pgattr_change_is_safe(void);
int pgattr_change_is_safe(void)
{
	return 0;
}
