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
#define KT_PARAM(test)				((test)->param_value)
#define KT_PARAM_RUNNER(fn, gen, init, exit)	static_assert(1)
#define KT_CASE_PARAM(fn, gen)			KUNIT_CASE_PARAM(fn, gen)
#else
/*
 * One case runs every parameter in turn, each between the suite's own
 * exit and init as KUnit would do it, and logs which. Results count one
 * case where newer kernels count one per parameter, and an assertion that
 * fails (or a skip) ends the remaining parameters too.
 */
#define KUNIT_PARAM_DESC_SIZE 128
#define KUNIT_ARRAY_PARAM(name, array, get_desc)			\
	static const void *name##_gen_params(const void *prev, char *desc) \
	{								\
		typeof(&(array)[0]) next = prev ?			\
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
#define KT_PARAM_RUNNER(fn, gen, init, exit)				\
	static void fn##_each(struct kunit *test)			\
	{								\
		char desc[KUNIT_PARAM_DESC_SIZE];			\
		const void *p = NULL;					\
		bool first = true;					\
									\
		while ((desc[0] = 0, p = gen(p, desc))) {		\
			if (!first) {					\
				exit(test);				\
				KUNIT_ASSERT_EQ(test, init(test), 0);	\
			}						\
			first = false;					\
			kt_param_value = p;				\
			kunit_info(test, "param: %s\n", desc);		\
			fn(test);					\
		}							\
	}
#define KT_CASE_PARAM(fn, gen)		{ .run_case = fn##_each, .name = #fn }
#endif

#if !KT_HAVE_KUNIT_NOT_NULL
/*
 * KUnit of this age (5.10) also type-checks both sides of a comparison,
 * and W=1 builds must stay warning-free: compare in the type that C's own
 * operator would use, which is what newer KUnit does.
 */
#define KT_CMP(test, kind, op, l, r)					\
	KUNIT_BINARY_##op##_ASSERTION(test, kind,			\
				      (typeof((l) + (r)))(l),		\
				      (typeof((l) + (r)))(r))
#undef KUNIT_EXPECT_EQ
#undef KUNIT_ASSERT_EQ
#undef KUNIT_ASSERT_EQ_MSG
#undef KUNIT_EXPECT_NE
#undef KUNIT_EXPECT_GT
#undef KUNIT_EXPECT_LT
#define KUNIT_EXPECT_EQ(t, l, r)	KT_CMP(t, KUNIT_EXPECTATION, EQ, l, r)
#define KUNIT_ASSERT_EQ(t, l, r)	KT_CMP(t, KUNIT_ASSERTION, EQ, l, r)
#define KUNIT_EXPECT_NE(t, l, r)	KT_CMP(t, KUNIT_EXPECTATION, NE, l, r)
#define KUNIT_EXPECT_GT(t, l, r)	KT_CMP(t, KUNIT_EXPECTATION, GT, l, r)
#define KUNIT_EXPECT_LT(t, l, r)	KT_CMP(t, KUNIT_EXPECTATION, LT, l, r)
#define KUNIT_ASSERT_EQ_MSG(t, l, r, fmt, ...)				\
	KUNIT_BINARY_EQ_MSG_ASSERTION(t, KUNIT_ASSERTION,		\
				      (typeof((l) + (r)))(l),		\
				      (typeof((l) + (r)))(r), fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL(t, p)	KUNIT_EXPECT_PTR_NE(t, p, (typeof(p))NULL)
#define KUNIT_ASSERT_NOT_NULL(t, p)	KUNIT_ASSERT_PTR_NE(t, p, (typeof(p))NULL)
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
