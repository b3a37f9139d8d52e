// SPDX-License-Identifier: GPL-2.0
/* 5.18: KUNIT_EXPECT_NOT_NULL() and KUNIT_ASSERT_NOT_NULL(). */
#include <kunit/test.h>

void cohmap_probe(struct kunit *test, void *p)
{
	KUNIT_EXPECT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, p);
}
