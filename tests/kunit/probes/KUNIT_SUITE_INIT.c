// SPDX-License-Identifier: GPL-2.0
/* 5.20/6.0: suite_init and suite_exit run once around a suite's cases. */
#include <kunit/test.h>

int cohmap_probe(struct kunit_suite *suite)
{
	return suite->suite_init ? suite->suite_init(suite) : 0;
}
