// SPDX-License-Identifier: GPL-2.0
/* 5.11: parameterised cases (generate_params, test->param_value). */
#include <kunit/test.h>

const void *cohmap_probe(struct kunit *test, struct kunit_case *c)
{
	return c->generate_params ? test->param_value : NULL;
}
