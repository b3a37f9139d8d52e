// SPDX-License-Identifier: GPL-2.0
/*
 * cohmap end-to-end suite: user space against the cohmap_edu sample driver
 * and QEMU's edu device, run by the test kernel's /init once the modules
 * are loaded. One static program, libc only; prints KTAP v1 on stdout and
 * exits 0 iff every case passed.
 *
 * Each case runs in its own child (alarm() plus a watchdog in the parent),
 * so a case that dies by a signal or hangs cannot take the suite or the boot
 * down with it. Accesses that must fault are made under a SIGBUS/SIGSEGV
 * handler that siglongjmp()s back and reports the signal.
 *
 * The unbind case removes the device; it runs last and rebinds it.
 *
 * On boards without edu the sample drives another PCI function (any_bdf=)
 * that has no DMA engine; see board_setup() for what is skipped there.
 */
#define _GNU_SOURCE
/* 64-bit off_t on 32-bit too: the offset cases must reach the driver. */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cohmap_edu.h"
#include "pattern.h"

typedef __u8 u8;
typedef __u32 u32;
typedef __u64 u64;

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define DEV_A		"/dev/cohmap_edu"
#define DEV_B		"/dev/cohmap_edu_b"
#define DRV_A		"/sys/bus/pci/drivers/cohmap_edu"
#define PG		4096UL
#define KIB		1024UL
#define STATIC_OFF	((off_t)COHMAP_EDU_STATIC_OFF)
#define STATIC_SIZE	((size_t)COHMAP_EDU_STATIC_SIZE)

/* edu, as user space sees it through sysfs resource0. */
#define EDU_REG_ID	0x00
#define EDU_REG_SRC	0x80
#define EDU_REG_DST	0x88
#define EDU_REG_CNT	0x90
#define EDU_REG_CMD	0x98
#define EDU_BUF		0x40000UL

#define CASE_TIMEOUT	30	/* seconds, per case */

enum { PASS = 0, FAIL = 1, SKIP = 2 };

/* Shared with the case children: a skip reason survives their exit. */
static char *skip_reason;

/*
 * What the board offers, from the testbed's files (see board_setup()):
 * no_dma: why the bound device has no DMA engine (empty: it has one);
 * refuse: why no buffer can be mapped here (empty: they can).
 */
static char no_dma[128];
static char refuse[128];

/*
 * Every case runs in a child of its own, so a failed expectation just ends
 * that child: the parent reports the case as failed.
 */
static void expect(int ok, const char *func, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	printf("# %s:%d: ", func, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	_exit(FAIL);
}

#define EXPECT(cond, ...)	expect(!!(cond), __func__, __LINE__, __VA_ARGS__)

static int skip(const char *why)
{
	snprintf(skip_reason, 128, "%s", why);
	return SKIP;
}

/* fork(), with stdio flushed so nothing is printed twice. */
static pid_t xfork(void)
{
	fflush(stdout);
	fflush(stderr);
	return fork();
}

/* 0 if @pid exited 0, else its exit code, or 128 + signal. */
static int reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return 255;
	if (WIFSIGNALED(st)) {
		diag("child %d killed by signal %d", (int)pid, WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	return WEXITSTATUS(st);
}

/* ---- data patterns ---- */

/* -1 if @p holds the pattern, else the first bad index (also reported). */
static long check(const u8 *p, size_t len, unsigned int seed)
{
	long i = first_mismatch(p, len, seed);

	if (i >= 0)
		diag("byte %ld of %zu is %#x, expected %#x (seed %u)",
		     i, len, p[i], pat(i, seed), seed);
	return i;
}

static long check_byte(const u8 *p, size_t len, u8 v)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != v) {
			diag("byte %zu of %zu is %#x, expected %#x",
			     i, len, p[i], v);
			return (long)i;
		}
	}
	return -1;
}

/* ---- touching memory that may fault ---- */

static sigjmp_buf touch_env;
static int touch_sig;

static void touch_handler(int sig)
{
	touch_sig = sig;
	siglongjmp(touch_env, 1);
}

/*
 * Read (or write) one byte at @p. Return 0 if that worked, else the signal
 * it raised (SIGBUS, SIGSEGV).
 */
static int touch(u8 *p, int write)
{
	struct sigaction sa = { .sa_handler = touch_handler }, obus, osegv;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &obus);
	sigaction(SIGSEGV, &sa, &osegv);
	touch_sig = 0;
	if (!sigsetjmp(touch_env, 1)) {
		if (write)
			WRITE_ONCE(*p, 0x5a);
		else
			(void)READ_ONCE(*p);
	}
	sigaction(SIGBUS, &obus, NULL);
	sigaction(SIGSEGV, &osegv, NULL);
	return touch_sig;
}

/* ---- the driver's ioctls ---- */

static int dev_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		diag("open %s: %s", path, strerror(errno));
	return fd;
}

static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static int ioc_alloc(int fd, u64 size, u32 flags)
{
	struct cohmap_edu_alloc a = { .size = size, .flags = flags };

	return ioc(fd, COHMAP_EDU_ALLOC, &a);
}

static int ioc_free(int fd)
{
	return ioc(fd, COHMAP_EDU_FREE, NULL);
}

static int ioc_dma(int fd, u64 buf_off, u32 dev_off, u32 len,
		   u32 dir, u32 is_static)
{
	struct cohmap_edu_dma d = {
		.buf_off = buf_off, .dev_off = dev_off, .len = len,
		.dir = dir, .is_static = is_static,
	};

	return ioc(fd, COHMAP_EDU_DMA, &d);
}

static int ioc_krw(int fd, u64 off, u64 len, void *ptr, int write,
		   int is_static)
{
	struct cohmap_edu_krw k = {
		.buf_off = off, .len = len, .user_ptr = (uintptr_t)ptr,
		.write = write, .is_static = is_static,
	};

	return ioc(fd, COHMAP_EDU_KRW, &k);
}

static int ioc_info(int fd, struct cohmap_edu_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioc(fd, COHMAP_EDU_INFO, info);
}

/* A file with a fresh buffer of @size bytes, or -1. */
static int open_alloc(const char *path, u64 size, u32 flags)
{
	int fd = dev_open(path), ret;

	if (fd < 0)
		return -1;
	ret = ioc_alloc(fd, size, flags);
	if (ret) {
		diag("ALLOC %llu flags %#x: %s", (unsigned long long)size,
		     flags, strerror(-ret));
		close(fd);
		return -1;
	}
	return fd;
}

static u8 *map(int fd, size_t len, off_t off, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	return p == MAP_FAILED ? NULL : p;
}

static u8 *map_rw(int fd, size_t len, off_t off)
{
	u8 *p = map(fd, len, off, PROT_READ | PROT_WRITE, MAP_SHARED);

	if (!p)
		diag("mmap %zu bytes at %#llx: %s", len,
		     (unsigned long long)off, strerror(errno));
	return p;
}

/*
 * mmap() that must fail: 0 if it failed with one of @e1/@e2 (0: any errno),
 * else 1 (unmapping what it wrongly mapped).
 */
static int map_refused(int fd, size_t len, off_t off, int prot, int flags,
		       int e1, int e2)
{
	u8 *p = map(fd, len, off, prot, flags);

	if (p) {
		diag("mmap of %zu bytes at %#llx prot %#x flags %#x succeeded",
		     len, (unsigned long long)off, prot, flags);
		munmap(p, len);
		return 1;
	}
	if (e1 && errno != e1 && errno != e2) {
		diag("mmap of %zu bytes at %#llx: %s, expected %s", len,
		     (unsigned long long)off, strerror(errno), strerror(e1));
		return 1;
	}
	return 0;
}

/*
 * Device round trip: our buffer [@src, +@len) -> edu [@dev_off] -> our
 * buffer [@dst, +@len), checked through the mapping @p of that buffer with
 * a guard byte on either side of the destination.
 */
static int round_trip(int fd, u8 *p, size_t src, size_t dst,
		      u32 dev_off, u32 len, unsigned int seed,
		      int is_static)
{
	int ret;

	fill(p + src, len, seed);
	memset((void *)(p + dst - 1), 0xa5, len + 2);
	ret = ioc_dma(fd, src, dev_off, len, COHMAP_EDU_TO_DEVICE, is_static);
	EXPECT(!ret, "DMA to device: %s", strerror(-ret));
	ret = ioc_dma(fd, dst, dev_off, len, COHMAP_EDU_FROM_DEVICE, is_static);
	EXPECT(!ret, "DMA from device: %s", strerror(-ret));
	EXPECT(check(p + dst, len, seed) < 0, "DMA'd data differs (dst %zu)",
	       dst);
	EXPECT(p[dst - 1] == 0xa5 && p[dst + len] == 0xa5,
	       "DMA wrote outside [%zu, %zu)", dst, dst + len);
	return PASS;
}

/* ---- sysfs ---- */

/* The PCI address of the device bound to driver @drv, into @bdf. */
static int bound_bdf(const char *drv, char *bdf, size_t len)
{
	DIR *d = opendir(drv);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		unsigned int a, b, c, f;
		char tail;

		if (sscanf(e->d_name, "%x:%x:%x.%x%c", &a, &b, &c, &f,
			   &tail) == 4) {
			snprintf(bdf, len, "%.31s", e->d_name);
			found = 1;
			break;
		}
	}
	closedir(d);
	return found;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		ret = -errno;
	close(fd);
	return ret;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- the cases ---- */

static int t_info(void)
{
	struct cohmap_edu_info info;
	int fd = open_alloc(DEV_A, 64 * KIB, 0), ret;

	EXPECT(fd >= 0, "no buffer");
	ret = ioc_info(fd, &info);
	EXPECT(!ret, "INFO: %s", strerror(-ret));
	diag("policy %u %.16s: %.96s", info.policy, info.policy_name,
	     info.why);
	diag("dma_addr %#llx", (unsigned long long)info.dma_addr);
	EXPECT(info.size == 64 * KIB, "size %llu",
	       (unsigned long long)info.size);
	EXPECT(info.policy_name[0] && strcmp(info.policy_name, "invalid"),
	       "no policy name");
	diag("colour span %#llx, kernel address at colour %#llx",
	     (unsigned long long)info.colour_span,
	     (unsigned long long)info.colour_off);
	if (refuse[0])
		EXPECT(info.policy == 4 && !strcmp(info.policy_name, "refuse"),
		       "this board must refuse user mappings");
	else
		EXPECT(strcmp(info.policy_name, "refuse"),
		       "buffers must be mappable here");
	EXPECT(!info.colour_span ||
	       (!(info.colour_span & (info.colour_span - 1)) &&
		info.colour_span > PG && info.colour_off < info.colour_span &&
		!(info.colour_off & (PG - 1))),
	       "colour span %#llx, offset %#llx",
	       (unsigned long long)info.colour_span,
	       (unsigned long long)info.colour_off);
	if (no_dma[0]) {
		ret = ioc_dma(fd, 0, 0, 16, COHMAP_EDU_TO_DEVICE, 0);
		EXPECT(ret == -EOPNOTSUPP,
		       "the board has no DMA engine, but DMA says: %s",
		       strerror(-ret));
	}
	EXPECT(info.why[0], "no reason given for the policy");
	EXPECT(info.mappings == 0, "%u mappings before any mmap",
	       info.mappings);
	EXPECT(info.dma_addr && !(info.dma_addr & (PG - 1)),
	       "odd DMA address");
	EXPECT(info.dma_addr + info.size <= (1ULL << 32),
	       "DMA address beyond the 32-bit mask");
	ret = ioc_alloc(fd, 4096, 0);
	EXPECT(ret == -EEXIST, "second ALLOC: %s", strerror(-ret));
	ret = ioc_alloc(fd, 0, 0);
	EXPECT(ret == -EEXIST || ret == -EINVAL, "zero ALLOC: %s",
	       strerror(-ret));
	close(fd);

	fd = dev_open(DEV_A);
	EXPECT(fd >= 0, "open");
	EXPECT(ioc_alloc(fd, 0, 0) == -EINVAL, "zero-size ALLOC accepted");
	EXPECT(ioc_alloc(fd, 4096, 1U << 7) == -EINVAL,
	       "unknown ALLOC flag accepted");
	EXPECT(ioc_alloc(fd, (u64)STATIC_OFF + PG, 0) == -EINVAL,
	       "ALLOC reaching the static buffer's offsets accepted");
	EXPECT(ioc_info(fd, &info) == -ENXIO, "INFO without a buffer");
	close(fd);
	return PASS;
}

static int t_whole_mapping(void)
{
	static u8 tmp[64 * KIB];
	struct cohmap_edu_info info;
	size_t len = 64 * KIB;
	int fd = open_alloc(DEV_A, len, 0);
	u8 *p;

	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, len, 0);
	EXPECT(p, "mmap");
	EXPECT(!ioc_info(fd, &info) && info.mappings == 1,
	       "%u mappings, expected 1", info.mappings);
	EXPECT(check_byte(p, len, 0) < 0, "a fresh buffer must read as zeros");
	fill(tmp, len, 1);
	EXPECT(!ioc_krw(fd, 0, len, tmp, 1, 0), "KRW write");
	EXPECT(check(p, len, 1) < 0, "kernel's data not seen via mapping");
	fill(p, len, 2);
	EXPECT(!ioc_krw(fd, 0, len, tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, len, 2) < 0, "user's data not seen by kernel");
	EXPECT(!munmap(p, len), "munmap");
	EXPECT(!ioc_info(fd, &info) && info.mappings == 0,
	       "%u mappings after munmap", info.mappings);
	close(fd);
	return PASS;
}

static int t_partial_mapping(void)
{
	static u8 tmp[64 * KIB];
	int fd = open_alloc(DEV_A, 64 * KIB, 0);
	u8 *p, *q;

	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap of the first 16 KiB");
	fill(p, 16 * KIB, 3);
	EXPECT(!ioc_krw(fd, 0, 64 * KIB, tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, 16 * KIB, 3) < 0, "mapped part differs");
	EXPECT(check_byte(tmp + 16 * KIB, 48 * KIB, 0) < 0,
	       "the unmapped part changed");
	q = map_rw(fd, PG, 60 * KIB);
	EXPECT(q, "mmap of the last page");
	fill(q, PG, 4);
	EXPECT(!ioc_krw(fd, 60 * KIB, PG, tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, PG, 4) < 0, "last page differs");
	munmap(p, 16 * KIB);
	munmap(q, PG);
	close(fd);

	/* A size that is no page multiple maps as PAGE_ALIGN(size). */
	fd = open_alloc(DEV_A, 5000, 0);
	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 2 * PG, 0);
	EXPECT(p, "mmap of PAGE_ALIGN(5000)");
	fill(p, 5000, 5);
	EXPECT(!ioc_krw(fd, 0, 5000, tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, 5000, 5) < 0, "5000-byte buffer differs");
	munmap(p, 2 * PG);
	close(fd);
	return PASS;
}

static int t_offset_mapping(void)
{
	static u8 tmp[16 * KIB];
	int fd = open_alloc(DEV_A, 64 * KIB, 0);
	u8 *p, *q;

	EXPECT(fd >= 0, "no buffer");
	fill(tmp, 8 * KIB, 6);
	EXPECT(!ioc_krw(fd, 12 * KIB, 8 * KIB, tmp, 1, 0), "KRW write");
	p = map_rw(fd, 8 * KIB, 12 * KIB);
	EXPECT(p, "mmap at offset 12 KiB");
	EXPECT(check(p, 8 * KIB, 6) < 0, "offset mapping shows other memory");
	fill(p + 100, 3000, 7);
	EXPECT(!ioc_krw(fd, 12 * KIB + 100, 3000, tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, 3000, 7) < 0, "write via offset mapping misplaced");
	/* A second mapping one page further must alias the first one. */
	q = map_rw(fd, 4 * KIB, 16 * KIB);
	EXPECT(q, "mmap at offset 16 KiB");
	EXPECT(!memcmp(q, p + 4 * KIB, 4 * KIB), "overlapping mappings differ");
	munmap(p, 8 * KIB);
	munmap(q, 4 * KIB);
	close(fd);
	return PASS;
}

static int t_kernel_to_user(void)
{
	static u8 tmp[16 * KIB];
	size_t size = 3 * PG + 100;
	int fd = open_alloc(DEV_A, size, 0), ret;
	u8 *p;

	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 4 * PG, 0);
	EXPECT(p, "mmap");
	/* Odd offset and length, crossing pages, up to the last byte. */
	fill(tmp, size - 777, 8);
	EXPECT(!ioc_krw(fd, 777, size - 777, tmp, 1, 0), "KRW write");
	EXPECT(check_byte(p, 777, 0) < 0, "bytes before the write changed");
	EXPECT(check(p + 777, size - 777, 8) < 0, "kernel's write not seen");
	ret = ioc_krw(fd, size - 10, 11, tmp, 1, 0);
	EXPECT(ret == -EINVAL, "KRW past the end: %s", strerror(-ret));
	ret = ioc_krw(fd, ~0ULL - 5, 10, tmp, 1, 0);
	EXPECT(ret == -EINVAL, "KRW with a wrapping offset: %s",
	       strerror(-ret));
	munmap(p, 4 * PG);
	close(fd);
	return PASS;
}

static int t_user_to_kernel(void)
{
	static u8 tmp[16 * KIB];
	int fd = open_alloc(DEV_A, 16 * KIB, 0);
	u8 *p;

	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap");
	fill(p + 5000, 7000, 9);
	memset(tmp, 0, sizeof(tmp));
	EXPECT(!ioc_krw(fd, 5000, 7000, tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, 7000, 9) < 0, "user's write not seen by the kernel");
	EXPECT(!ioc_krw(fd, 0, 5000, tmp, 0, 0), "KRW read");
	EXPECT(check_byte(tmp, 5000, 0) < 0, "bytes before the write changed");
	munmap(p, 16 * KIB);
	close(fd);
	return PASS;
}

static int t_dma_round_trip(void)
{
	int fd = open_alloc(DEV_A, 64 * KIB, 0);
	u8 *p;

	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 64 * KIB, 0);
	EXPECT(p, "mmap");
	/* The largest transfer edu takes, page aligned. */
	if (round_trip(fd, p, 0, 8 * KIB, 0, 4095, 10, 0))
		return FAIL;
	/* Odd offsets everywhere, crossing a page in our buffer. */
	if (round_trip(fd, p, 20003, 40001, 123, 1000, 11, 0))
		return FAIL;
	munmap(p, 64 * KIB);

	/* The same through an offset mapping of a POPULATE buffer. */
	close(fd);
	fd = open_alloc(DEV_A, 64 * KIB, COHMAP_EDU_F_POPULATE);
	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 32 * KIB, 32 * KIB);
	EXPECT(p, "mmap at offset 32 KiB");
	fill(p + 1, 2000, 12);
	EXPECT(!ioc_dma(fd, 32 * KIB + 1, 2000, 2000, COHMAP_EDU_TO_DEVICE, 0),
	       "DMA to device");
	memset(p + 16 * KIB, 0, 4 * KIB);
	EXPECT(!ioc_dma(fd, 48 * KIB, 2000, 2000, COHMAP_EDU_FROM_DEVICE, 0),
	       "DMA from device");
	EXPECT(check(p + 16 * KIB, 2000, 12) < 0,
	       "DMA via offset mapping differs");
	munmap(p, 32 * KIB);
	close(fd);
	return PASS;
}

static int t_dma_bounds(void)
{
	int fd = open_alloc(DEV_A, 8 * KIB, 0), fd2;

	EXPECT(fd >= 0, "no buffer");
	EXPECT(ioc_dma(fd, 0, 0, 0, 0, 0) == -EINVAL, "len 0");
	EXPECT(ioc_dma(fd, 0, 0, 4096, 0, 0) == -EINVAL, "len 4096");
	/* QEMU 7.2 aborts on this one: the driver must refuse it. */
	EXPECT(ioc_dma(fd, 0, 1, 4095, 0, 0) == -EINVAL, "dev_off + len 4096");
	EXPECT(ioc_dma(fd, 0, 0xfffffff0u, 0x20, 0, 0) == -EINVAL,
	       "wrapping dev_off");
	EXPECT(ioc_dma(fd, 8 * KIB - 10, 0, 100, 0, 0) == -EINVAL,
	       "past the buffer end");
	EXPECT(ioc_dma(fd, ~0ULL - 5, 0, 100, 1, 0) == -EINVAL,
	       "wrapping buf_off");
	EXPECT(ioc_dma(fd, 0, 0, 10, 2, 0) == -EINVAL, "bad direction");
	EXPECT(ioc_dma(fd, STATIC_SIZE - 10, 0, 100, 0, 1) == -EINVAL,
	       "past the static buffer's end");
	fd2 = dev_open(DEV_A);
	EXPECT(fd2 >= 0, "open");
	EXPECT(ioc_dma(fd2, 0, 0, 10, 0, 0) == -ENXIO, "DMA without a buffer");
	close(fd2);
	close(fd);
	return PASS;
}

static int t_beyond_size(void)
{
	int fd = open_alloc(DEV_A, 64 * KIB, 0), fd2, bad = 0;
	const int rw = PROT_READ | PROT_WRITE;

	EXPECT(fd >= 0, "no buffer");
	bad |= map_refused(fd, 68 * KIB, 0, rw, MAP_SHARED, ENXIO, EINVAL);
	bad |= map_refused(fd, PG, 64 * KIB, rw, MAP_SHARED, ENXIO, EINVAL);
	bad |= map_refused(fd, 8 * KIB, 60 * KIB, PROT_READ, MAP_SHARED,
			   ENXIO, EINVAL);
	/* Just below the static buffer: still this file's buffer. */
	bad |= map_refused(fd, 8 * KIB, STATIC_OFF - (off_t)PG, rw,
			   MAP_SHARED, ENXIO, EINVAL);
	bad |= map_refused(fd, STATIC_SIZE + PG, STATIC_OFF, rw, MAP_SHARED,
			   ENXIO, EINVAL);
	bad |= map_refused(fd, PG, STATIC_OFF + (off_t)STATIC_SIZE, rw,
			   MAP_SHARED, ENXIO, EINVAL);
	close(fd);

	fd2 = open_alloc(DEV_A, 5000, 0);
	EXPECT(fd2 >= 0, "no buffer");
	bad |= map_refused(fd2, 3 * PG, 0, rw, MAP_SHARED, ENXIO, EINVAL);
	close(fd2);

	fd2 = dev_open(DEV_A);
	EXPECT(fd2 >= 0, "open");
	bad |= map_refused(fd2, PG, 0, rw, MAP_SHARED, ENXIO, ENODEV);
	close(fd2);
	return bad ? FAIL : PASS;
}

static int t_overflow_offset(void)
{
	static const unsigned long long offs[] = {
		0x7fffffffffffe000ULL,		/* largest page-aligned off_t */
		0x7ffffffffffff000ULL,
		0x4000000000000000ULL + COHMAP_EDU_STATIC_OFF,
		0x0010000000000000ULL,		/* far beyond any buffer */
		0xfffffffffffff000ULL,		/* negative */
		COHMAP_EDU_STATIC_OFF - PG + (1ULL << 63),
	};
	int fd = open_alloc(DEV_A, 64 * KIB, 0), bad = 0;
	unsigned int i;

	EXPECT(fd >= 0, "no buffer");
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		bad |= map_refused(fd, 2 * PG, (off_t)offs[i],
				   PROT_READ | PROT_WRITE, MAP_SHARED, 0, 0);
	close(fd);
	return bad ? FAIL : PASS;
}

static int t_map_private(void)
{
	int fd = open_alloc(DEV_A, 16 * KIB, 0), bad = 0;

	EXPECT(fd >= 0, "no buffer");
	bad |= map_refused(fd, 16 * KIB, 0, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE, EINVAL, EINVAL);
	bad |= map_refused(fd, 16 * KIB, 0, PROT_READ, MAP_PRIVATE,
			   EINVAL, EINVAL);
	bad |= map_refused(fd, PG, STATIC_OFF, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE, EINVAL, EINVAL);
	close(fd);
	return bad ? FAIL : PASS;
}

static int t_rdonly(void)
{
	static u8 tmp[16 * KIB];
	int fd = open_alloc(DEV_A, 16 * KIB, COHMAP_EDU_F_RDONLY), sig;
	u8 *p;

	EXPECT(fd >= 0, "no buffer");
	fill(tmp, 16 * KIB, 13);
	EXPECT(!ioc_krw(fd, 0, 16 * KIB, tmp, 1, 0), "KRW write");
	EXPECT(map_refused(fd, 16 * KIB, 0, PROT_READ | PROT_WRITE,
			   MAP_SHARED, EPERM, EACCES) == 0,
	       "writable mapping of a read-only buffer");
	p = map(fd, 16 * KIB, 0, PROT_READ, MAP_SHARED);
	EXPECT(p, "read-only mmap: %s", strerror(errno));
	EXPECT(check(p, 16 * KIB, 13) < 0, "read-only mapping differs");
	EXPECT(mprotect(p, 16 * KIB, PROT_READ | PROT_WRITE) != 0,
	       "mprotect made a read-only buffer writable");
	sig = touch(p, 1);
	EXPECT(sig == SIGSEGV, "write to a read-only mapping: signal %d", sig);
	EXPECT(check(p, 16 * KIB, 13) < 0, "read-only buffer changed");
	munmap(p, 16 * KIB);
	close(fd);
	return PASS;
}

/*
 * A file opened O_RDONLY: mmap() turns MAP_SHARED into a mapping without
 * VM_SHARED (only VM_MAYSHARE stays), which cohmap took for MAP_PRIVATE
 * and refused with EINVAL until it tested VM_MAYSHARE. Found by the
 * adversary (tests/adversary/); kept here as its regression test, for a
 * buffer and for the static buffer.
 */
static int t_rdonly_file(void)
{
	static u8 tmp[8 * KIB];
	int fd = open(DEV_A, O_RDONLY | O_CLOEXEC), sig;
	u8 *p, *s;

	EXPECT(fd >= 0, "open O_RDONLY: %s", strerror(errno));
	EXPECT(!ioc_alloc(fd, 8 * KIB, 0), "ALLOC on an O_RDONLY file");
	fill(tmp, 8 * KIB, 14);
	EXPECT(!ioc_krw(fd, 0, 8 * KIB, tmp, 1, 0), "KRW write");
	EXPECT(!ioc_krw(fd, 0, PG, tmp, 1, 1), "KRW write (static)");
	p = map(fd, 8 * KIB, 0, PROT_READ, MAP_SHARED);
	EXPECT(p, "read-only MAP_SHARED of an O_RDONLY file: %s",
	       strerror(errno));
	EXPECT(check(p, 8 * KIB, 14) < 0, "mapping differs");
	s = map(fd, PG, STATIC_OFF, PROT_READ, MAP_SHARED);
	EXPECT(s, "static buffer, O_RDONLY file: %s", strerror(errno));
	EXPECT(check(s, PG, 14) < 0, "static mapping differs");
	EXPECT(map_refused(fd, 8 * KIB, 0, PROT_READ | PROT_WRITE, MAP_SHARED,
			   EACCES, 0) == 0, "writable mapping of an O_RDONLY file");
	EXPECT(map_refused(fd, 8 * KIB, 0, PROT_READ, MAP_PRIVATE,
			   EINVAL, 0) == 0, "MAP_PRIVATE of an O_RDONLY file");
	EXPECT(mprotect(p, 8 * KIB, PROT_READ | PROT_WRITE) != 0,
	       "mprotect made a mapping of an O_RDONLY file writable");
	sig = touch(p, 1);
	EXPECT(sig == SIGSEGV, "write through it: signal %d", sig);
	EXPECT(check(p, 8 * KIB, 14) < 0, "mapping changed");
	munmap(s, PG);
	munmap(p, 8 * KIB);
	close(fd);
	return PASS;
}

static int t_fork(void)
{
	static u8 tmp[4 * KIB];
	int fd = open_alloc(DEV_A, 16 * KIB, 0);
	u8 *p;
	pid_t pid;

	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap");
	fill(p, 4 * KIB, 14);
	pid = xfork();
	EXPECT(pid >= 0, "fork");
	if (!pid) {
		alarm(10);
		if (check(p, 4 * KIB, 14) >= 0)
			_exit(1);
		fill(p + 4 * KIB, 4 * KIB, 15);
		_exit(0);
	}
	EXPECT(!reap(pid), "child saw other data through the mapping");
	EXPECT(check(p + 4 * KIB, 4 * KIB, 15) < 0,
	       "child's write not seen through the parent's mapping");
	EXPECT(!ioc_krw(fd, 4 * KIB, 4 * KIB, tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, 4 * KIB, 15) < 0, "child's write not in the buffer");
	munmap(p, 16 * KIB);
	close(fd);
	return PASS;
}

static int t_close_while_mapped(void)
{
	static u8 tmp[16 * KIB];
	int fd = open_alloc(DEV_A, 16 * KIB, 0);
	u8 *p;

	EXPECT(fd >= 0, "no buffer");
	fill(tmp, 16 * KIB, 16);
	EXPECT(!ioc_krw(fd, 0, 16 * KIB, tmp, 1, 0), "KRW write");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap");
	close(fd);
	EXPECT(check(p, 16 * KIB, 16) < 0, "data lost when the fd closed");
	fill(p, 16 * KIB, 17);
	EXPECT(check(p, 16 * KIB, 17) < 0, "mapping broken after close");
	EXPECT(!munmap(p, 16 * KIB), "munmap");
	return PASS;
}

static int free_while_mapped(u32 flags)
{
	static u8 tmp[16 * KIB];
	struct cohmap_edu_info info;
	int fd = open_alloc(DEV_A, 16 * KIB, flags), sig, ret;
	u8 *p, *q;

	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap");
	fill(p, 16 * KIB, 18);
	ret = ioc_free(fd);
	EXPECT(!ret, "FREE: %s", strerror(-ret));
	sig = touch(p, 0);
	EXPECT(sig == SIGBUS, "read after FREE: signal %d", sig);
	sig = touch(p + 8 * KIB, 1);
	EXPECT(sig == SIGBUS, "write after FREE: signal %d", sig);
	EXPECT(map_refused(fd, 16 * KIB, 0, PROT_READ | PROT_WRITE,
			   MAP_SHARED, ENXIO, ENODEV) == 0, "mmap after FREE");
	EXPECT(ioc_info(fd, &info) == -ENXIO, "INFO after FREE");
	EXPECT(ioc_free(fd) == -ENXIO, "second FREE");

	/* New memory, likely the same pages: the old mapping must not see it. */
	EXPECT(!ioc_alloc(fd, 16 * KIB, flags), "ALLOC after FREE");
	fill(tmp, 16 * KIB, 19);
	EXPECT(!ioc_krw(fd, 0, 16 * KIB, tmp, 1, 0), "KRW write");
	sig = touch(p + 4 * KIB, 0);
	EXPECT(sig == SIGBUS, "old mapping after re-ALLOC: signal %d", sig);
	q = map_rw(fd, 16 * KIB, 0);
	EXPECT(q, "mmap of the new buffer");
	EXPECT(check(q, 16 * KIB, 19) < 0, "new buffer differs");
	munmap(p, 16 * KIB);
	munmap(q, 16 * KIB);
	close(fd);
	return PASS;
}

static int t_free_while_mapped(void)
{
	if (free_while_mapped(0))
		return FAIL;
	return free_while_mapped(COHMAP_EDU_F_POPULATE);
}

static int t_two_mappings(void)
{
	int fd = open_alloc(DEV_A, 16 * KIB, 0);
	u8 *a, *b;

	EXPECT(fd >= 0, "no buffer");
	a = map_rw(fd, 16 * KIB, 0);
	b = map_rw(fd, 16 * KIB, 0);
	EXPECT(a && b && a != b, "two mmaps");
	fill(a, 16 * KIB, 20);
	EXPECT(check(b, 16 * KIB, 20) < 0, "second mapping differs");
	fill(b + 100, 1000, 21);
	EXPECT(check(a + 100, 1000, 21) < 0, "first mapping differs");
	munmap(a, 16 * KIB);
	EXPECT(check(b + 100, 1000, 21) < 0, "munmap of one broke the other");
	munmap(b, 16 * KIB);
	close(fd);
	return PASS;
}

static int t_two_processes(void)
{
	struct cohmap_edu_info info;
	int fd = open_alloc(DEV_A, 16 * KIB, 0), to_child[2], to_parent[2];
	u8 *p, *c;
	char ch;
	pid_t pid;

	EXPECT(fd >= 0, "no buffer");
	EXPECT(!pipe(to_child) && !pipe(to_parent), "pipe");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap");
	fill(p, 4 * KIB, 22);
	pid = xfork();
	EXPECT(pid >= 0, "fork");
	if (!pid) {
		alarm(10);
		munmap(p, 16 * KIB);	/* use our own mapping only */
		c = map_rw(fd, 16 * KIB, 0);
		if (!c || check(c, 4 * KIB, 22) >= 0)
			_exit(1);
		fill(c + 4 * KIB, 4 * KIB, 23);
		if (write(to_parent[1], "x", 1) != 1 ||
		    read(to_child[0], &ch, 1) != 1)
			_exit(2);
		_exit(check(c + 8 * KIB, 4 * KIB, 24) >= 0 ? 3 : 0);
	}
	EXPECT(read(to_parent[0], &ch, 1) == 1, "child did not map");
	EXPECT(check(p + 4 * KIB, 4 * KIB, 23) < 0,
	       "other process's write not seen");
	EXPECT(!ioc_info(fd, &info) && info.mappings == 2,
	       "%u mappings, expected 2", info.mappings);
	fill(p + 8 * KIB, 4 * KIB, 24);
	EXPECT(write(to_child[1], "y", 1) == 1, "pipe");
	EXPECT(!reap(pid), "child failed");
	munmap(p, 16 * KIB);
	close(fd);
	return PASS;
}

static int t_exclusive(void)
{
	int fd = open_alloc(DEV_A, 16 * KIB, COHMAP_EDU_F_EXCLUSIVE);
	int to_child[2], to_parent[2], sig, ret;
	u8 *p, *q;
	char ch;
	pid_t pid;

	EXPECT(fd >= 0, "no buffer");
	EXPECT(!pipe(to_child) && !pipe(to_parent), "pipe");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap");
	fill(p, 16 * KIB, 25);
	/* The owning address space may map it again. */
	q = map_rw(fd, 4 * KIB, 0);
	EXPECT(q, "second mmap in the owning process");
	munmap(q, 4 * KIB);

	pid = xfork();
	EXPECT(pid >= 0, "fork");
	if (!pid) {
		alarm(10);
		sig = touch(p, 0);
		if (sig != SIGSEGV) {
			diag("child: parent's exclusive mapping was inherited (signal %d)",
			     sig);
			_exit(1);
		}
		if (map_refused(fd, 16 * KIB, 0, PROT_READ | PROT_WRITE,
				MAP_SHARED, EBUSY, EBUSY))
			_exit(2);
		if (write(to_parent[1], "a", 1) != 1 ||
		    read(to_child[0], &ch, 1) != 1)
			_exit(3);
		q = map_rw(fd, 16 * KIB, 0);	/* the parent let go */
		if (!q || check(q, 16 * KIB, 25) >= 0)
			_exit(4);
		fill(q, 4 * KIB, 26);
		if (write(to_parent[1], "c", 1) != 1 ||
		    read(to_child[0], &ch, 1) != 1)
			_exit(5);
		munmap(q, 16 * KIB);
		_exit(0);
	}
	ret = read(to_parent[0], &ch, 1);
	EXPECT(ret == 1, "child failed before the hand-off");
	EXPECT(!munmap(p, 16 * KIB), "munmap");
	EXPECT(write(to_child[1], "b", 1) == 1, "pipe");
	ret = read(to_parent[0], &ch, 1);
	EXPECT(ret == 1, "child could not take over");
	ret = map_refused(fd, 16 * KIB, 0, PROT_READ | PROT_WRITE, MAP_SHARED,
			  EBUSY, EBUSY);
	EXPECT(write(to_child[1], "d", 1) == 1, "pipe");
	EXPECT(!ret, "parent mapped while the child owned the buffer");
	EXPECT(!reap(pid), "child failed");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "parent could not take the buffer back");
	EXPECT(check(p, 4 * KIB, 26) < 0, "child's data lost in the hand-off");
	munmap(p, 16 * KIB);
	close(fd);
	return PASS;
}

static int t_static_buffer(void)
{
	static u8 tmp[4 * KIB];
	int fd = dev_open(DEV_A), bad = 0;
	u8 *p, *q;

	EXPECT(fd >= 0, "open");
	p = map_rw(fd, STATIC_SIZE, STATIC_OFF);
	EXPECT(p, "mmap of the static buffer");
	if (no_dma[0])
		fill(p + 8 * KIB + 1, 4000, 27);
	else if (round_trip(fd, p, 0, 8 * KIB + 1, 7, 4000, 27, 1))
		return FAIL;
	EXPECT(!ioc_krw(fd, 8 * KIB + 1, 4000, tmp, 0, 1), "KRW read");
	EXPECT(check(tmp, 4000, 27) < 0, "kernel sees other data");
	fill(tmp, 2000, 39);
	EXPECT(!ioc_krw(fd, 100, 2000, tmp, 1, 1), "KRW write");
	EXPECT(check(p + 100, 2000, 39) < 0, "kernel's write not seen");
	q = map_rw(fd, PG, STATIC_OFF + 2 * (off_t)PG);
	EXPECT(q, "offset mmap of the static buffer");
	EXPECT(!memcmp(q, p + 2 * PG, PG), "offset mapping differs");
	bad |= map_refused(fd, PG, STATIC_OFF + (off_t)STATIC_SIZE,
			   PROT_READ, MAP_SHARED, ENXIO, EINVAL);
	munmap(q, PG);
	munmap(p, STATIC_SIZE);
	close(fd);
	return bad ? FAIL : PASS;
}

/*
 * Every file of the device node shares one address space, and each maps its
 * own buffer at offset 0. Revoking one buffer must leave the others' vmas
 * working, and the static buffer's too (a stateless mapping whose vm_pgoff
 * was rewritten to its buffer offset would sit in the revoked range).
 */
static int t_other_mappings_survive_free(void)
{
	int fd = dev_open(DEV_A), fd2 = open_alloc(DEV_A, 16 * KIB, 0);
	int fd3 = open_alloc(DEV_A, 16 * KIB, COHMAP_EDU_F_POPULATE), sig;
	u8 *s, *p, *q;

	EXPECT(fd >= 0 && fd2 >= 0 && fd3 >= 0, "open");
	s = map_rw(fd, STATIC_SIZE, STATIC_OFF);
	EXPECT(s, "mmap of the static buffer");
	fill(s, STATIC_SIZE, 28);
	p = map_rw(fd2, 16 * KIB, 0);
	q = map_rw(fd3, 16 * KIB, 0);
	EXPECT(p && q, "mmap");
	fill(p, 16 * KIB, 37);
	fill(q, 16 * KIB, 38);
	EXPECT(!ioc_free(fd2), "FREE");
	sig = touch(p, 0);
	EXPECT(sig == SIGBUS, "freed buffer still mapped (signal %d)", sig);
	sig = touch(s + PG, 0);
	EXPECT(!sig, "static mapping died with another buffer (signal %d)",
	       sig);
	EXPECT(check(s, STATIC_SIZE, 28) < 0, "static buffer changed");
	sig = touch(q + PG, 0);
	EXPECT(!sig, "another file's mapping died with the buffer (signal %d)",
	       sig);
	EXPECT(check(q, 16 * KIB, 38) < 0, "another file's buffer changed");
	munmap(p, 16 * KIB);
	munmap(q, 16 * KIB);
	munmap(s, STATIC_SIZE);
	close(fd3);
	close(fd2);
	close(fd);
	return PASS;
}

/* ---- edu from user space, through sysfs ---- */

struct edu_uio {
	u8 *regs;
	int swap;
};

static u32 uio_rd32(struct edu_uio *u, unsigned int reg)
{
	u32 v = READ_ONCE(*(u32 *)(u->regs + reg));

	return u->swap ? __builtin_bswap32(v) : v;
}

static void uio_wr32(struct edu_uio *u, unsigned int reg, u32 v)
{
	WRITE_ONCE(*(u32 *)(u->regs + reg), u->swap ? __builtin_bswap32(v) : v);
}

static void uio_wr64(struct edu_uio *u, unsigned int reg, u64 v)
{
	if (sizeof(long) == 8)
		WRITE_ONCE(*(u64 *)(u->regs + reg),
			   u->swap ? __builtin_bswap64(v) : v);
	else	/* a 4-byte write sets the whole register, zero-extended */
		uio_wr32(u, reg, (u32)v);
}

static int uio_dma(struct edu_uio *u, u64 src, u64 dst,
		   u32 len, int to_ram)
{
	int i;

	uio_wr64(u, EDU_REG_SRC, src);
	uio_wr64(u, EDU_REG_DST, dst);
	uio_wr64(u, EDU_REG_CNT, len);
	__sync_synchronize();
	uio_wr32(u, EDU_REG_CMD, 1 | (to_ram ? 2 : 0));
	for (i = 0; i < 3000; i++) {
		if (!(uio_rd32(u, EDU_REG_CMD) & 1)) {
			__sync_synchronize();
			return 0;
		}
		sleep_ms(1);
	}
	diag("user-space DMA timed out");
	return -1;
}

/*
 * Is the DMA address the driver reports the one the device really reaches?
 * Drive edu ourselves, with that address, and look through the mapping.
 */
static int t_dma_addr(void)
{
	struct cohmap_edu_info info;
	struct edu_uio u = { 0 };
	char bdf[64], path[160];
	u64 dma;
	u32 id;
	u8 *p;
	void *regs;
	int rfd, fd;

	if (!bound_bdf(DRV_A, bdf, sizeof(bdf)))
		return skip("no device bound to cohmap_edu");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", bdf);
	rfd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
	if (rfd < 0)
		return skip("resource0 cannot be opened");
	regs = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
	close(rfd);
	if (regs == MAP_FAILED)
		return skip("resource0 cannot be mapped");
	u.regs = regs;
	id = uio_rd32(&u, EDU_REG_ID);
	if ((id & 0xff) != 0xed) {
		u.swap = 1;
		EXPECT((id >> 24) == 0xed, "edu ID reads %#x", id);
	}
	diag("%s: edu id %#x%s", bdf, uio_rd32(&u, EDU_REG_ID),
	     u.swap ? " (byte-swapped registers)" : "");

	fd = open_alloc(DEV_A, 16 * KIB, 0);
	EXPECT(fd >= 0, "no buffer");
	EXPECT(!ioc_info(fd, &info), "INFO");
	dma = info.dma_addr;
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap");

	/* Driver: buffer -> edu. We: edu -> dma_addr + 8192 + 3. */
	fill(p, 2000, 29);
	EXPECT(!ioc_dma(fd, 0, 500, 2000, COHMAP_EDU_TO_DEVICE, 0),
	       "driver DMA to device");
	memset(p + 8 * KIB, 0, 4 * KIB);
	EXPECT(!uio_dma(&u, EDU_BUF + 500, dma + 8 * KIB + 3, 2000, 1),
	       "user DMA");
	EXPECT(check(p + 8 * KIB + 3, 2000, 29) < 0,
	       "the device wrote elsewhere than the reported DMA address");
	EXPECT(p[8 * KIB + 2] == 0 && p[8 * KIB + 2003] == 0,
	       "user DMA wrote outside its range");

	/* We: dma_addr + 4096 -> edu. Driver: edu -> buffer + 12288. */
	fill(p + 4 * KIB, 1500, 30);
	EXPECT(!uio_dma(&u, dma + 4 * KIB, EDU_BUF + 1000, 1500, 0),
	       "user DMA");
	memset(p + 12 * KIB, 0, 4 * KIB);
	EXPECT(!ioc_dma(fd, 12 * KIB, 1000, 1500, COHMAP_EDU_FROM_DEVICE, 0),
	       "driver DMA from device");
	EXPECT(check(p + 12 * KIB, 1500, 30) < 0,
	       "the device read elsewhere than the reported DMA address");

	munmap(p, 16 * KIB);
	munmap(regs, PG);
	close(fd);
	return PASS;
}

/* Two vendored copies of cohmap, two devices, at the same time. */
static int t_twin(void)
{
	struct cohmap_edu_info ia, ib;
	int fa, fb, ret;
	u8 *a, *b;
	pid_t pid;

	if (access(DEV_B, F_OK))
		return skip("no second vendored copy loaded");
	fa = open_alloc(DEV_A, 16 * KIB, 0);
	fb = open_alloc(DEV_B, 16 * KIB, 0);
	EXPECT(fa >= 0 && fb >= 0, "no buffers");
	EXPECT(!ioc_info(fa, &ia) && !ioc_info(fb, &ib), "INFO");
	diag("a: %s at %#llx, b: %s at %#llx", ia.policy_name,
	     (unsigned long long)ia.dma_addr, ib.policy_name,
	     (unsigned long long)ib.dma_addr);
	a = map_rw(fa, 16 * KIB, 0);
	b = map_rw(fb, 16 * KIB, 0);
	EXPECT(a && b, "mmap");
	fill(b, 16 * KIB, 31);
	pid = xfork();
	EXPECT(pid >= 0, "fork");
	if (!pid) {
		alarm(10);
		_exit(round_trip(fb, b, 100, 8 * KIB, 50, 3000, 32, 0));
	}
	ret = round_trip(fa, a, 200, 8 * KIB + 5, 60, 3000, 33, 0);
	EXPECT(!reap(pid), "round trip through the second copy failed");
	EXPECT(!ret, "round trip through the first copy failed");
	/* Each device wrote only its own buffer. */
	EXPECT(check(b, 100, 31) < 0, "second buffer's head changed");
	EXPECT(check(a + 8 * KIB + 5, 3000, 33) < 0, "first buffer differs");
	munmap(a, 16 * KIB);
	munmap(b, 16 * KIB);
	close(fa);
	close(fb);
	return PASS;
}

/* The first byte of a mapping of buffer offset @off: is it congruent? */
static int congruent(const struct cohmap_edu_info *info, const void *p,
		     u64 off)
{
	u64 span = info->colour_span;

	return (((uintptr_t)p - off - info->colour_off) & (span - 1) &
		~(PG - 1)) == 0;
}

/*
 * Where the data cache aliases, mappings must land at the kernel mapping's
 * colour (policy c): with no hint, and when a hint of another colour is
 * given, the driver's get_unmapped_area must place them congruent; and the
 * data must then be shared both ways.
 */
static int t_colour_congruent(void)
{
	static const u64 offs[] = { 0, PG, 3 * PG, 5 * PG };
	static u8 tmp[16 * KIB];
	struct cohmap_edu_info info;
	int fd = open_alloc(DEV_A, 64 * KIB, 0);
	unsigned int i;
	u8 *p, *q, *hint;

	EXPECT(fd >= 0, "no buffer");
	EXPECT(!ioc_info(fd, &info), "INFO");
	if (!info.colour_span) {
		close(fd);
		return skip("the data cache cannot alias here (colour span 0)");
	}
	diag("colour span %#llx, kernel colour %#llx",
	     (unsigned long long)info.colour_span,
	     (unsigned long long)info.colour_off);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		p = map_rw(fd, 8 * KIB, (off_t)offs[i]);
		EXPECT(p, "mmap at offset %#llx", (unsigned long long)offs[i]);
		EXPECT(congruent(&info, p, offs[i]),
		       "offset %#llx mapped at %p: not congruent",
		       (unsigned long long)offs[i], (void *)p);
		fill(p, 8 * KIB, 41 + i);
		EXPECT(!ioc_krw(fd, offs[i], 8 * KIB, tmp, 0, 0), "KRW read");
		EXPECT(check(tmp, 8 * KIB, 41 + i) < 0,
		       "user's write not seen by the kernel (offset %#llx)",
		       (unsigned long long)offs[i]);
		fill(tmp, 8 * KIB, 51 + i);
		EXPECT(!ioc_krw(fd, offs[i], 8 * KIB, tmp, 1, 0), "KRW write");
		EXPECT(check(p, 8 * KIB, 51 + i) < 0,
		       "kernel's write not seen by the user (offset %#llx)",
		       (unsigned long long)offs[i]);

		/* The same, asking for an address one page off colour. */
		EXPECT(!munmap(p, 8 * KIB), "munmap");
		hint = p + PG;
		q = mmap(hint, 8 * KIB, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, (off_t)offs[i]);
		EXPECT(q != MAP_FAILED, "mmap with a hint: %s",
		       strerror(errno));
		EXPECT(q != hint && congruent(&info, q, offs[i]),
		       "hint %p of another colour kept: mapped at %p",
		       (void *)hint, (void *)q);
		EXPECT(check(q, 8 * KIB, 51 + i) < 0,
		       "moved mapping shows other data");
		munmap(q, 8 * KIB);
	}
	close(fd);
	return PASS;
}

/* MAP_FIXED at an address of another colour fails; at the right one not. */
static int t_colour_fixed_refused(void)
{
	static u8 tmp[8 * KIB];
	struct cohmap_edu_info info;
	int fd = open_alloc(DEV_A, 64 * KIB, 0), bad = 0;
	size_t len = 8 * KIB, span;
	uintptr_t base, want;
	u8 *area, *p;
	off_t off;

	EXPECT(fd >= 0, "no buffer");
	EXPECT(!ioc_info(fd, &info), "INFO");
	if (!info.colour_span) {
		close(fd);
		return skip("the data cache cannot alias here (colour span 0)");
	}
	span = info.colour_span;
	/* Room for a congruent range and ranges one page either side. */
	area = mmap(NULL, len + 3 * span, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(area != MAP_FAILED, "reserving address space");
	for (off = 0; off <= (off_t)(2 * PG); off += PG) {
		base = ((uintptr_t)area + span - 1) & ~(uintptr_t)(span - 1);
		want = base + span + (((uintptr_t)info.colour_off + off) &
				      (span - 1));
		p = mmap((void *)(want + PG), len, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, off);
		if (p != MAP_FAILED) {
			diag("MAP_FIXED of offset %#llx at incongruent %p succeeded",
			     (unsigned long long)off, (void *)p);
			bad = 1;
		} else if (errno != EINVAL) {
			diag("MAP_FIXED at incongruent %#lx: %s, expected EINVAL",
			     (unsigned long)(want + PG), strerror(errno));
			bad = 1;
		}
		p = mmap((void *)want, len, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, off);
		EXPECT(p != MAP_FAILED, "MAP_FIXED of offset %#llx at congruent %#lx: %s",
		       (unsigned long long)off, (unsigned long)want,
		       strerror(errno));
		EXPECT((uintptr_t)p == want, "MAP_FIXED moved to %p", (void *)p);
		fill(p, len, 61 + (int)(off / PG));
		EXPECT(!ioc_krw(fd, off, len, tmp, 0, 0), "KRW read");
		EXPECT(check(tmp, len, 61 + (int)(off / PG)) < 0,
		       "congruent MAP_FIXED mapping not shared with the kernel");
	}
	munmap(area, len + 3 * span);
	close(fd);
	return bad ? FAIL : PASS;
}

/* Where the DMA layer says no (policy e), every mapping is refused. */
static void read_line(const char *path, char *buf, size_t len);

/*
 * The sample maps through f_op->mmap_prepare where the kernel has it (7.x)
 * and f_op->mmap elsewhere; every mapping case above then went through
 * that one. The testbed says which this kernel must have (expect_entry=,
 * from tests/testbed/probes.expected), so a probe that silently fell back
 * cannot pass for the new entry point.
 */
static int t_entry_point(void)
{
	char board[256], want[32] = "", got[32] = "";
	const char *p;

	read_line("/cohmap-board", board, sizeof(board));
	p = strstr(board, "expect_entry=");
	if (!p) {
		snprintf(skip_reason, 128, "the testbed gave no expect_entry=");
		return SKIP;
	}
	sscanf(p, "expect_entry=%31s", want);
	read_line("/sys/module/cohmap_edu/parameters/mmap_entry", got,
		  sizeof(got));
	diag("the sample maps through f_op->%s", got);
	EXPECT(!strcmp(got, want), "f_op->%s, but this kernel must use f_op->%s",
	       got, want);
	return PASS;
}

static int t_refused_mapping(void)
{
	static u8 tmp[4 * KIB];
	struct cohmap_edu_info info;
	int fd, ret, bad = 0;

	fd = open_alloc(DEV_A, 16 * KIB, 0);
	EXPECT(fd >= 0, "no buffer");
	ret = ioc_info(fd, &info);
	EXPECT(!ret, "INFO: %s", strerror(-ret));
	if (!refuse[0]) {
		EXPECT(strcmp(info.policy_name, "refuse"),
		       "refused on a board that maps");
		close(fd);
		return skip("this board maps coherent buffers");
	}
	diag("policy %.16s: %.96s", info.policy_name, info.why);
	EXPECT(info.policy == 4 && !strcmp(info.policy_name, "refuse"),
	       "policy %.16s, expected refuse", info.policy_name);
	bad |= map_refused(fd, 16 * KIB, 0, PROT_READ | PROT_WRITE,
			   MAP_SHARED, ENXIO, ENXIO);
	bad |= map_refused(fd, PG, 0, PROT_READ, MAP_SHARED, ENXIO, ENXIO);
	bad |= map_refused(fd, PG, STATIC_OFF, PROT_READ | PROT_WRITE,
			   MAP_SHARED, ENXIO, ENXIO);
	EXPECT(!ioc_info(fd, &info) && info.mappings == 0,
	       "%u mappings after refusals", info.mappings);
	/* The buffer itself works: the kernel reads back what it wrote. */
	fill(tmp, sizeof(tmp), 71);
	EXPECT(!ioc_krw(fd, 8 * KIB, sizeof(tmp), tmp, 1, 0), "KRW write");
	memset(tmp, 0, sizeof(tmp));
	EXPECT(!ioc_krw(fd, 8 * KIB, sizeof(tmp), tmp, 0, 0), "KRW read");
	EXPECT(check(tmp, sizeof(tmp), 71) < 0, "buffer lost data");
	close(fd);
	return bad ? FAIL : PASS;
}

/* Last: unbind the device under live mappings, then bind it again. */
static int t_unbind(void)
{
	static u8 tmp[4 * KIB];
	struct cohmap_edu_info info;
	char bdf[64];
	int fd, sig, ret, i;
	u8 *p, *s;

	if (!bound_bdf(DRV_A, bdf, sizeof(bdf)))
		return skip("no device bound to cohmap_edu");
	fd = open_alloc(DEV_A, 16 * KIB, 0);
	EXPECT(fd >= 0, "no buffer");
	p = map_rw(fd, 16 * KIB, 0);
	s = map_rw(fd, STATIC_SIZE, STATIC_OFF);
	EXPECT(p && s, "mmap");
	fill(p, 16 * KIB, 34);
	fill(s, STATIC_SIZE, 35);

	ret = write_file(DRV_A "/unbind", bdf);
	EXPECT(!ret, "unbind %s: %s", bdf, strerror(-ret));
	diag("unbound %s with its buffers mapped", bdf);
	sig = touch(p, 0);
	EXPECT(sig == SIGBUS, "buffer read after unbind: signal %d", sig);
	sig = touch(p + 4 * KIB, 1);
	EXPECT(sig == SIGBUS, "buffer write after unbind: signal %d", sig);
	sig = touch(s, 0);
	EXPECT(sig == SIGBUS, "static buffer read after unbind: signal %d",
	       sig);
	ret = ioc_info(fd, &info);
	EXPECT(ret == -ENODEV, "INFO after unbind: %s", strerror(-ret));
	EXPECT(map_refused(fd, 16 * KIB, 0, PROT_READ, MAP_SHARED,
			   ENODEV, ENXIO) == 0, "mmap after unbind");
	EXPECT(map_refused(fd, PG, STATIC_OFF, PROT_READ, MAP_SHARED,
			   ENODEV, ENXIO) == 0, "static mmap after unbind");
	munmap(p, 16 * KIB);
	munmap(s, STATIC_SIZE);
	close(fd);

	ret = write_file(DRV_A "/bind", bdf);
	EXPECT(!ret, "bind %s again: %s", bdf, strerror(-ret));
	for (i = 0; i < 100 && access(DEV_A, F_OK); i++)
		sleep_ms(10);
	fd = open_alloc(DEV_A, 16 * KIB, 0);
	EXPECT(fd >= 0, "no buffer after rebinding");
	p = map_rw(fd, 16 * KIB, 0);
	EXPECT(p, "mmap after rebinding");
	if (!no_dma[0] && round_trip(fd, p, 0, 8 * KIB, 0, 4095, 36, 0))
		return FAIL;
	fill(p, 4 * KIB, 40);
	EXPECT(!ioc_krw(fd, 0, 4 * KIB, tmp, 0, 0), "KRW read after rebinding");
	EXPECT(check(tmp, 4 * KIB, 40) < 0, "buffer differs after rebinding");
	munmap(p, 16 * KIB);
	close(fd);
	return PASS;
}

/* ---- large buffers: huge entries, and splitting them ---- */

/*
 * 4 MiB holds at least one 2 MiB block that is physically aligned (the
 * DMA layer aligns such buffers to at least 1 MiB), so where the kernel
 * has huge pfnmaps cohmap maps that block with one PMD entry, and every
 * case below splits one.
 */
#define HUGE_LEN	(4 * 1024 * KIB)

/* Minor faults this process has taken so far. */
static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Whether the testbed says this kernel maps huge pfnmaps (expect_huge=1). */
static int huge_expected(void)
{
	char board[256];

	read_line("/cohmap-board", board, sizeof(board));
	return !!strstr(board, "expect_huge=1");
}

/*
 * A mapped, touched, patterned (seed @seed) buffer of HUGE_LEN bytes;
 * where huge pfnmaps are expected, its first touch must have taken clearly
 * fewer faults than ptes alone (64 KiB of fault-around per fault).
 */
static u8 *huge_setup(int *fdp, u32 flags, unsigned int seed)
{
	long faults, i;
	u8 *p;

	*fdp = open_alloc(DEV_A, HUGE_LEN, flags);
	EXPECT(*fdp >= 0, "no %lu-byte buffer", HUGE_LEN);
	p = map_rw(*fdp, HUGE_LEN, 0);
	EXPECT(p, "mmap");
	faults = minflt();
	for (i = 0; i < (long)HUGE_LEN; i += PG)
		(void)READ_ONCE(p[i]);
	faults = minflt() - faults;
	diag("first touch of %lu KiB at %p (flags %#x): %ld faults",
	     HUGE_LEN / KIB, (void *)p, flags, faults);
	/*
	 * Ptes alone take one fault per 64 KiB (64 here); one PMD for
	 * either 2 MiB half saves 31 of them, whatever the buffer's
	 * physical alignment beyond 2 MiB.
	 */
	if (huge_expected())
		EXPECT(faults <= (long)(HUGE_LEN / (64 * KIB)) * 5 / 8,
		       "%ld faults: no huge entry was mapped", faults);
	fill(p, HUGE_LEN, seed);
	return p;
}

/* The buffer, as the kernel reads it through cpu_addr, from @off on. */
static int kernel_sees(int fd, size_t off, size_t len, const u8 *want)
{
	static u8 tmp[HUGE_LEN];

	EXPECT(!ioc_krw(fd, off, len, tmp, 0, 0), "KRW read");
	return !memcmp(tmp, want, len);
}

static int huge_munmap(u32 flags)
{
	static const size_t holes[] = { 1024 * KIB, 2048 * KIB,
					3072 * KIB - PG };
	static u8 want[HUGE_LEN];
	size_t i, h;
	int fd, sig;
	u8 *p;

	p = huge_setup(&fd, flags, 50);
	memcpy(want, p, HUGE_LEN);
	for (i = 0; i < ARRAY_SIZE(holes); i++)
		EXPECT(!munmap(p + holes[i], PG), "munmap at %zu", holes[i]);
	for (i = 0; i < ARRAY_SIZE(holes); i++) {
		sig = touch(p + holes[i], 0);
		EXPECT(sig == SIGSEGV, "unmapped page %zu: signal %d",
		       holes[i], sig);
	}
	/* Every page left still shows its own bytes, and writes land. */
	for (h = 0; h < HUGE_LEN; h += PG) {
		for (i = 0; i < ARRAY_SIZE(holes) && holes[i] != h; i++)
			;
		if (i < ARRAY_SIZE(holes))
			continue;
		EXPECT(!memcmp(p + h, want + h, PG), "page %zu differs after the split", h);
		p[h + 7] ^= 0xff;
		want[h + 7] ^= 0xff;
	}
	/* The holes' bytes are not compared: the user wrote them before. */
	for (i = 0, h = 0; i <= ARRAY_SIZE(holes); i++) {
		size_t end = i < ARRAY_SIZE(holes) ? holes[i] : HUGE_LEN;

		EXPECT(kernel_sees(fd, h, end - h, want + h),
		       "kernel sees other bytes in [%zu, %zu)", h, end);
		h = end + PG;
	}
	munmap(p, HUGE_LEN);
	close(fd);
	return PASS;
}

static int t_huge_partial_munmap(void)
{
	if (huge_munmap(0))
		return FAIL;
	return huge_munmap(COHMAP_EDU_F_POPULATE);
}

static int huge_mprotect(u32 flags)
{
	size_t ro = 2048 * KIB - 32 * KIB, rolen = 64 * KIB;
	static u8 want[HUGE_LEN];
	int fd, sig;
	u8 *p;

	p = huge_setup(&fd, flags, 51);
	memcpy(want, p, HUGE_LEN);
	EXPECT(!mprotect(p + ro, rolen, PROT_READ), "mprotect read-only");
	sig = touch(p + ro + PG, 1);
	EXPECT(sig == SIGSEGV, "write to the read-only part: signal %d", sig);
	EXPECT(!memcmp(p + ro, want + ro, rolen), "read-only part differs");
	/* Its neighbours, in the same 2 MiB block, stay writable. */
	p[ro - 1] = 0x11;
	p[ro + rolen] = 0x22;
	want[ro - 1] = 0x11;
	want[ro + rolen] = 0x22;
	EXPECT(!memcmp(p, want, HUGE_LEN), "mapping differs after the split");
	EXPECT(kernel_sees(fd, 0, HUGE_LEN, want),
	       "kernel sees other bytes after the split");
	EXPECT(!mprotect(p + ro, rolen, PROT_READ | PROT_WRITE),
	       "mprotect back to read-write");
	p[ro + PG] = 0x33;
	want[ro + PG] = 0x33;
	EXPECT(kernel_sees(fd, 0, HUGE_LEN, want),
	       "write after mprotect back not seen by the kernel");
	munmap(p, HUGE_LEN);
	close(fd);
	return PASS;
}

static int t_huge_partial_mprotect(void)
{
	if (huge_mprotect(0))
		return FAIL;
	return huge_mprotect(COHMAP_EDU_F_POPULATE);
}

/* Revoke reaches huge entries, and split ones, exactly. */
static int huge_revoke(u32 flags)
{
	static const size_t at[] = { 0, 1024 * KIB, 2048 * KIB,
				     3072 * KIB, HUGE_LEN - PG };
	size_t i;
	int fd, sig, ret;
	u8 *p;

	p = huge_setup(&fd, flags, 52);
	/* One split block too: a page unmapped inside it. */
	EXPECT(!munmap(p + 2048 * KIB + 4 * PG, PG), "munmap");
	ret = ioc_free(fd);
	EXPECT(!ret, "FREE: %s", strerror(-ret));
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		sig = touch(p + at[i], 0);
		EXPECT(sig == SIGBUS, "read at %zu after FREE: signal %d",
		       at[i], sig);
		sig = touch(p + at[i], 1);
		EXPECT(sig == SIGBUS, "write at %zu after FREE: signal %d",
		       at[i], sig);
	}
	munmap(p, HUGE_LEN);
	close(fd);
	return PASS;
}

static int t_huge_revoke(void)
{
	if (huge_revoke(0))
		return FAIL;
	return huge_revoke(COHMAP_EDU_F_POPULATE);
}

/* What a case needs from the board; without it, it is skipped. */
#define NEED_MAP	1	/* user mappings (not policy refuse) */
#define NEED_DMA	2	/* a DMA engine (edu) */

static const struct {
	const char *name;
	int (*fn)(void);
	int needs;
} cases[] = {
	{ "info",			t_info, 0 },
	{ "whole_mapping",		t_whole_mapping, NEED_MAP },
	{ "partial_mapping",		t_partial_mapping, NEED_MAP },
	{ "offset_mapping",		t_offset_mapping, NEED_MAP },
	{ "kernel_to_user",		t_kernel_to_user, NEED_MAP },
	{ "user_to_kernel",		t_user_to_kernel, NEED_MAP },
	{ "dma_round_trip",		t_dma_round_trip, NEED_MAP | NEED_DMA },
	{ "dma_bounds",			t_dma_bounds, NEED_DMA },
	{ "beyond_size_refused",	t_beyond_size, NEED_MAP },
	{ "overflowing_offset_refused",	t_overflow_offset, NEED_MAP },
	{ "map_private_refused",	t_map_private, NEED_MAP },
	{ "rdonly",			t_rdonly, NEED_MAP },
	{ "rdonly_file_shared",		t_rdonly_file, NEED_MAP },
	{ "fork",			t_fork, NEED_MAP },
	{ "close_while_mapped",		t_close_while_mapped, NEED_MAP },
	{ "free_while_mapped_sigbus",	t_free_while_mapped, NEED_MAP },
	{ "two_mappings_one_process",	t_two_mappings, NEED_MAP },
	{ "two_mappings_two_processes",	t_two_processes, NEED_MAP },
	{ "exclusive_handoff",		t_exclusive, NEED_MAP },
	{ "static_buffer",		t_static_buffer, NEED_MAP },
	{ "other_mappings_survive_free", t_other_mappings_survive_free,
					NEED_MAP },
	{ "dma_addr_vs_device",		t_dma_addr, NEED_MAP | NEED_DMA },
	{ "twin",			t_twin, NEED_MAP | NEED_DMA },
	{ "colour_congruent",		t_colour_congruent, NEED_MAP },
	{ "colour_fixed_refused",	t_colour_fixed_refused, NEED_MAP },
	{ "huge_partial_munmap",	t_huge_partial_munmap, NEED_MAP },
	{ "huge_partial_mprotect",	t_huge_partial_mprotect, NEED_MAP },
	{ "huge_revoke",		t_huge_revoke, NEED_MAP },
	{ "refused_mapping",		t_refused_mapping, 0 },
	{ "entry_point",		t_entry_point, 0 },
	{ "unbind_while_mapped",	t_unbind, NEED_MAP },	/* keep last */
};

#define NR_CASES ((int)ARRAY_SIZE(cases))

/*
 * Read the first line of the testbed's file @path into @buf ("" if absent).
 */
static void read_line(const char *path, char *buf, size_t len)
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
 * Boards without edu (versatilepb and malta: pci-testdev; the B160L: an
 * unclaimed SCSI function) bind the sample to that device instead: it has
 * no DMA engine, which the testbed says in /cohmap-no-dma, with the reason.
 * The cases that need DMA are skipped there (info checks the driver
 * agrees); all others run. /cohmap-board holds what the KUnit suite is told
 * to expect (expect_policy=...): where that is refuse, the mapping cases
 * are skipped and refused_mapping checks the refusal. Without these files
 * (another machine), the driver's own answers decide.
 */
static void board_setup(void)
{
	char board[256], why[128];
	struct cohmap_edu_info info;
	int fd, ret;

	read_line("/cohmap-no-dma", why, sizeof(why));
	if (!access("/cohmap-no-dma", F_OK))
		snprintf(no_dma, sizeof(no_dma), "no DMA engine on this board%s%.90s",
			 why[0] ? ": " : "", why);
	read_line("/cohmap-board", board, sizeof(board));
	if (strstr(board, "expect_policy=refuse"))
		snprintf(refuse, sizeof(refuse),
			 "policy refuse: no coherent user mapping on this board");
	if (board[0])
		return;

	/* No testbed: ask the driver. */
	fd = open(DEV_A, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	if (!ioc_alloc(fd, PG, 0)) {
		ret = ioc_dma(fd, 0, 0, 16, COHMAP_EDU_TO_DEVICE, 0);
		if (ret == -EOPNOTSUPP)
			snprintf(no_dma, sizeof(no_dma),
				 "no DMA engine on this board");
		if (!ioc_info(fd, &info) && !strcmp(info.policy_name, "refuse"))
			snprintf(refuse, sizeof(refuse),
				 "policy refuse: no coherent user mapping on this board");
	}
	close(fd);
}

/* Run case @i in a child; a watchdog kills it if alarm() did not. */
static int run_case(int i)
{
	int st = 0, waited_ms = 0;
	pid_t pid, r;

	skip_reason[0] = '\0';
	pid = xfork();
	if (pid < 0) {
		diag("fork: %s", strerror(errno));
		return FAIL;
	}
	if (!pid) {
		alarm(CASE_TIMEOUT);
		_exit(cases[i].fn());
	}
	while ((r = waitpid(pid, &st, WNOHANG)) == 0) {
		if (waited_ms > (CASE_TIMEOUT + 10) * 1000) {
			diag("%s hung; killing it", cases[i].name);
			kill(pid, SIGKILL);
			sleep_ms(500);
			waitpid(pid, &st, WNOHANG);
			return FAIL;
		}
		sleep_ms(5);
		waited_ms += 5;
	}
	if (r < 0) {
		diag("waitpid: %s", strerror(errno));
		return FAIL;
	}
	if (WIFSIGNALED(st)) {
		diag("%s killed by signal %d", cases[i].name, WTERMSIG(st));
		if (WTERMSIG(st) == SIGALRM)
			diag("%s timed out after %d s", cases[i].name,
			     CASE_TIMEOUT);
		return FAIL;
	}
	if (WEXITSTATUS(st) == SKIP)
		return SKIP;
	return WEXITSTATUS(st) ? FAIL : PASS;
}

int main(void)
{
	int i, ret, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	skip_reason = mmap(NULL, PG, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (skip_reason == MAP_FAILED) {
		printf("KTAP version 1\n1..0 # SKIP no memory\n");
		return 1;
	}

	printf("KTAP version 1\n1..%d\n", NR_CASES);
	board_setup();
	for (i = 0; i < NR_CASES; i++) {
		skip_reason[0] = '\0';
		if ((cases[i].needs & NEED_DMA) && no_dma[0])
			snprintf(skip_reason, 128, "%s", no_dma);
		else if ((cases[i].needs & NEED_MAP) && refuse[0])
			snprintf(skip_reason, 128, "%s", refuse);
		ret = skip_reason[0] ? SKIP : run_case(i);
		if (ret == SKIP)
			printf("ok %d %s # SKIP %s\n", i + 1, cases[i].name,
			       skip_reason);
		else
			printf("%s %d %s\n", ret ? "not ok" : "ok", i + 1,
			       cases[i].name);
		fflush(stdout);
		failed += ret == FAIL;
	}
	diag("%d of %d failed", failed, NR_CASES);
	return failed ? 1 : 0;
}
