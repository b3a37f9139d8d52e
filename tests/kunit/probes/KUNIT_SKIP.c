// SPDX-License-Identifier: GPL-2.0
/* 5.14: a case can end as skipped, with a reason. */
#include <kunit/test.h>

void cohmap_probe(struct kunit *test)
{
	kunit_skip(test, "probe");
}
