/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both end-to-end programs (e2e.c, legacy.c) share: KTAP diagnostic
 * lines and the data patterns written through one view of a buffer and
 * checked through another. Included once, by each program's .c file.
 */
#ifndef COHMAP_E2E_PATTERN_H
#define COHMAP_E2E_PATTERN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

/* One "# ..." line of KTAP diagnostics, flushed before a case can die. */
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Byte @i of pattern @seed: no period a page-sized mix-up could hide in. */
static inline unsigned char pat(size_t i, unsigned int seed)
{
	__u32 x = (__u32)i * 2654435761u + seed * 40503u;

	return (unsigned char)((x >> 13) ^ (x >> 24) ^ seed);
}

static inline void fill(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pat(i, seed);
}

/* -1 if @p holds pattern @seed, else the index of the first bad byte. */
static inline long first_mismatch(const unsigned char *p, size_t len,
				  unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pat(i, seed))
			return (long)i;
	return -1;
}

#endif
