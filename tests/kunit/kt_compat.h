/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suite needs that differs between kernel versions: KUnit
 * itself (5.10 has no parameterised cases, no skip, no suite_init) and the
 * page-table read-back. Test-only: drivers vendor compat/, never this.
 * Each KT_HAVE_* comes from a probe in tests/kunit/probes/ compiled
 * against the target kernel, like compat/cohmap_compat.h's.
 */
#ifndef _KT_COMPAT_H
#define _KT_COMPAT_H

#include <kunit/test.h>
#include <kunit/try-catch.h>
#include <linux/mm.h>
#include "kt_probed.h"

#if KT_HAVE_KUNIT_PARAMS
#define KT_PARAM(test)			((test)->param_value)
#define KT_PARAM_RUNNER(fn, gen)	static_assert(1)
#define KT_CASE_PARAM(fn, gen)		KUNIT_CASE_PARAM(fn, gen)
#else
/*
 * One case runs every parameter in turn, logging which: results count one
 * case where newer kernels count one per parameter, and an assertion that
 * fails ends the remaining parameters too.
 */
#define KUNIT_PARAM_DESC_SIZE 128
#define KUNIT_ARRAY_PARAM(name, array, get_desc)			\
	static const void *name##_gen_params(const void *prev, char *desc) \
	{								\
		typeof((array)[0]) *next = prev ?			\
			((typeof(next))prev) + 1 : (array);		\
		void (*describe)(typeof(next), char *) = get_desc;	\
									\
		if (next - (array) >= ARRAY_SIZE(array))		\
			return NULL;					\
		if (describe)						\
			describe(next, desc);				\
		return next;						\
	}
static const void *kt_param_value;
#define KT_PARAM(test)			(kt_param_value)
#define KT_PARAM_RUNNER(fn, gen)					\
	static void fn##_each(struct kunit *test)			\
	{								\
		char desc[KUNIT_PARAM_DESC_SIZE];			\
		const void *p = NULL;					\
									\
		while ((desc[0] = 0, p = gen(p, desc))) {		\
			kt_param_value = p;				\
			kunit_info(test, "param: %s\n", desc);		\
			fn(test);					\
		}							\
	}
#define KT_CASE_PARAM(fn, gen)		KUNIT_CASE(fn##_each)
#endif

#if !KT_HAVE_KUNIT_SKIP
/*
 * No skipped status before 5.14: end the case as kunit_skip() does, with
 * a marker line that the testbed's results.py turns into "# SKIP", so a
 * skip is never counted as a pass.
 */
#define kunit_skip(test, fmt, ...)					\
	do {								\
		kunit_info(test, "cohmap-kunit-skip: " fmt "\n",	\
			   ##__VA_ARGS__);				\
		kunit_try_catch_throw(&(test)->try_catch);		\
	} while (0)
#endif

#if !KT_HAVE_KUNIT_NOT_NULL
#define KUNIT_EXPECT_NOT_NULL(test, p)	KUNIT_EXPECT_PTR_NE(test, p, NULL)
#define KUNIT_ASSERT_NOT_NULL(test, p)	KUNIT_ASSERT_PTR_NE(test, p, NULL)
#endif

/*
 * Run @suites (a NULL-terminated array of @n suites and the NULL) from
 * module_init, with @init and @exit around them where KUnit cannot call
 * them itself (5.10).
 */
#if KT_HAVE_KUNIT_SUITE_INIT
#define KT_SUITE_HOOKS(init, exit)	.suite_init = (init), .suite_exit = (exit),
#else
#define KT_SUITE_HOOKS(init, exit)
#endif

static inline int kt_run_suites(struct kunit_suite **suites, int n,
				int (*init)(struct kunit_suite *),
				void (*exit)(struct kunit_suite *))
{
	int ret;

	if (!KT_HAVE_KUNIT_SUITE_INIT) {
		ret = init(suites[0]);
		if (ret)
			return ret;
	}
#if KT_HAVE_KUNIT_SUITES_RUN_ARG
	ret = __kunit_test_suites_init(suites, n, true);
#elif KT_HAVE_KUNIT_SUITES_COUNTED
	ret = __kunit_test_suites_init(suites, n);
#else
	ret = __kunit_test_suites_init(suites);
#endif
	if (!KT_HAVE_KUNIT_SUITE_INIT)
		exit(suites[0]);
	return ret;
}

static inline void kt_exit_suites(struct kunit_suite **suites, int n)
{
#if KT_HAVE_KUNIT_SUITES_COUNTED
	__kunit_test_suites_exit(suites, n);
#else
	__kunit_test_suites_exit(suites);
#endif
}

#endif /* _KT_COMPAT_H */
