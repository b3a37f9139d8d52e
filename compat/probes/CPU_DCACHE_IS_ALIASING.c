// SPDX-License-Identifier: GPL-2.0
/* 6.9: cpu_dcache_is_aliasing() says whether the data cache aliases. */
#include <linux/cacheinfo.h>

bool cohmap_probe(void)
{
	return cpu_dcache_is_aliasing();
}
