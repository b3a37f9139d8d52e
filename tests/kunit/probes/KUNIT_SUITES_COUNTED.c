// SPDX-License-Identifier: GPL-2.0
/*
 * 5.17: __kunit_test_suites_exit() (and _init(), see KUNIT_SUITES_RUN_ARG)
 * take an array and its length; before, a NULL-terminated array.
 */
#include <kunit/test.h>

void cohmap_probe(struct kunit_suite **suites)
{
	__kunit_test_suites_exit(suites, 1);
}
