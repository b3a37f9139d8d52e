// SPDX-License-Identifier: GPL-2.0
/*
 * 5.16: cc_platform_has() replaced mem_encrypt_active(); 5.10.y stable
 * backports it (5.10.223 has it), which a version check would miss.
 */
#include <linux/cc_platform.h>

bool cohmap_probe(void)
{
	return cc_platform_has(CC_ATTR_MEM_ENCRYPT);
}
