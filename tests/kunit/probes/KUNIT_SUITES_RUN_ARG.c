// SPDX-License-Identifier: GPL-2.0
/*
 * After 6.12 (7.2 has it): __kunit_test_suites_init() gained run_tests
 * (false only sets the suites up, for filtering by attributes).
 */
#include <kunit/test.h>

int cohmap_probe(struct kunit_suite **suites)
{
	return __kunit_test_suites_init(suites, 1, true);
}
