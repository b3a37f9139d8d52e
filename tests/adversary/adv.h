/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the adversary and the lifetime races share: the budget they are
 * given, a seeded generator, faulting accesses that come back with the
 * signal they raised, and the sample driver's ioctls. Included once, by
 * each program's .c file.
 */
#ifndef COHMAP_ADV_H
#define COHMAP_ADV_H

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "cohmap_edu.h"
#include "pattern.h"

typedef __u8 u8;
typedef __u32 u32;
typedef __u64 u64;

#define DEV_A		"/dev/cohmap_edu"
#define DRV_A		"/sys/bus/pci/drivers/cohmap_edu"
#define PG		4096UL
#define STATIC_OFF	((u64)COHMAP_EDU_STATIC_OFF)
#define STATIC_SIZE	((u64)COHMAP_EDU_STATIC_SIZE)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PAGE_UP(x)	(((x) + PG - 1) & ~(PG - 1))

/* What the sample writes over a buffer it is about to free (edu.c). */
#define POISON		COHMAP_EDU_POISON

/*
 * The budget: the testbed writes /cohmap-adv.conf ("ADV_SEED=1 ..."), and
 * the environment (kernel command line words with '=' reach /init's) wins
 * over it. 0 means "not given".
 */
static inline unsigned long conf_get(const char *name, unsigned long def)
{
	char buf[512], key[64], *p, *e = getenv(name);
	FILE *f;

	if (e && *e)
		return strtoul(e, NULL, 0);
	f = fopen("/cohmap-adv.conf", "r");
	if (!f)
		return def;
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
	fclose(f);
	snprintf(key, sizeof(key), "%s=", name);
	for (p = strstr(buf, key); p; p = strstr(p + 1, key))
		if (p == buf || p[-1] == ' ' || p[-1] == '\n')
			return strtoul(p + strlen(key), NULL, 0);
	return def;
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	nanosleep(&ts, NULL);
}

/* xorshift64*: small, seedable, the same sequence on every arch. */
static inline u64 rng_next(u64 *s)
{
	u64 x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static inline u64 rng_seed(u64 seed)
{
	return seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
}

/*
 * Faulting accesses. The handler is per process, the jump buffer per
 * thread, so threads of the races can each take their own SIGBUS.
 */
static __thread sigjmp_buf acc_env;
static __thread int acc_armed;
static __thread int acc_sig;

/*
 * The flags are shared with a signal handler: atomic accesses keep the
 * compiler from caching them across sigsetjmp() and the faulting loads.
 */
#define ACC_GET(x)	__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define ACC_SET(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

static inline void acc_handler(int sig)
{
	if (!ACC_GET(acc_armed)) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	ACC_SET(acc_sig, sig);
	siglongjmp(acc_env, 1);
}

static inline void acc_install(void)
{
	struct sigaction sa = { .sa_handler = acc_handler };

	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

/*
 * Copy @len bytes from @src to @dst, where either may fault. Returns 0 or
 * the signal; bytes copied before the signal are in @dst.
 */
static inline int acc_copy(void *dst, const void *src, size_t len)
{
	const u8 *s = src;
	u8 *d = dst;
	size_t i;

	ACC_SET(acc_sig, 0);
	if (!sigsetjmp(acc_env, 1)) {
		ACC_SET(acc_armed, 1);
		/* Byte by byte, never a memcpy() the compiler may reorder. */
		for (i = 0; i < len; i++)
			__atomic_store_n(&d[i], __atomic_load_n(&s[i],
								__ATOMIC_RELAXED),
					 __ATOMIC_RELAXED);
	}
	ACC_SET(acc_armed, 0);
	return ACC_GET(acc_sig);
}

static inline int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static inline int ioc_alloc(int fd, u64 size, u32 flags)
{
	struct cohmap_edu_alloc a = { .size = size, .flags = flags };

	return ioc(fd, COHMAP_EDU_ALLOC, &a);
}

static inline int ioc_free(int fd)
{
	return ioc(fd, COHMAP_EDU_FREE, NULL);
}

/* The kernel copies through its own mapping of the buffer (cpu_addr). */
static inline int ioc_krw(int fd, u64 off, u64 len, void *ptr, int write,
			  int is_static)
{
	struct cohmap_edu_krw k = {
		.buf_off = off, .len = len, .user_ptr = (uintptr_t)ptr,
		.write = write, .is_static = is_static,
	};

	return ioc(fd, COHMAP_EDU_KRW, &k);
}

/* Offset-keyed contents: pattern @seed from buffer byte 0. */
static inline void fill_at(u8 *p, u64 off, u64 len, unsigned int seed)
{
	u64 i;

	for (i = 0; i < len; i++)
		p[i] = pat(off + i, seed);
}

static inline int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		ret = -errno;
	close(fd);
	return ret;
}

static inline void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/*
 * The sample bound to its device again if a program before us left it
 * unbound (the end-to-end suite's unbind case rebinds only when it
 * passes): its own load parameter names the device. Returns 0 once
 * DEV_A exists.
 */
static inline int ensure_bound(void)
{
	char bdf[64];
	int i;

	if (!access(DEV_A, F_OK))
		return 0;
	read_line("/sys/module/cohmap_edu/parameters/any_bdf", bdf,
		  sizeof(bdf));
	if (!bdf[0] || !strcmp(bdf, "(null)"))
		read_line("/sys/module/cohmap_edu/parameters/bdf", bdf,
			  sizeof(bdf));
	if (!bdf[0] || !strcmp(bdf, "(null)"))
		return -ENODEV;
	printf("# %s was missing: binding %s to cohmap_edu again\n", DEV_A,
	       bdf);
	write_file(DRV_A "/bind", bdf);
	for (i = 0; i < 300 && access(DEV_A, F_OK); i++)
		sleep_us(10000);
	return access(DEV_A, F_OK) ? -ENODEV : 0;
}

#endif
