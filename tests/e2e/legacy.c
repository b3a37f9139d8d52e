// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end check of the legacy sample drivers (samples/legacy/), before
 * and after their conversion onto cohmap: for every /dev/cohmap_legacy_*,
 * map the driver's buffer at offset 0 and check that
 *
 *	kernel_to_user:	what the kernel writes through cpu_addr (COHMAP_EDU_KRW)
 *			is what user space reads through the mapping,
 *	user_to_kernel:	what user space writes is what the kernel reads,
 *	dma_round_trip:	the edu device DMAs what user space wrote into its
 *			own buffer and back into ours, and user space reads it.
 *
 * Prints KTAP v1 on stdout, exits 0 iff every case passed. Each case runs in
 * a child of its own under alarm(), watched by the parent, so a case that
 * dies by a signal or hangs fails alone.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cohmap_edu.h"
#include "pattern.h"

typedef __u32 u32;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PREFIX		"cohmap_legacy_"
#define MAX_DEVS	16
#define BUF_SIZE	((size_t)COHMAP_EDU_STATIC_SIZE)
#define CASE_TIMEOUT	20	/* seconds */

enum { PASS = 0, FAIL = 1 };

static char devs[MAX_DEVS][64];
static int nr_devs;

/* 0 if @p holds the pattern, else 1 (with the first bad byte reported). */
static int check(const unsigned char *p, size_t len, unsigned int seed,
		 const char *what)
{
	long i = first_mismatch(p, len, seed);

	if (i < 0)
		return 0;
	diag("%s: byte %ld of %zu is %#x, expected %#x", what, i, len, p[i],
	     pat(i, seed));
	return 1;
}

static int krw(int fd, size_t off, size_t len, void *ptr, int write)
{
	struct cohmap_edu_krw k = {
		.buf_off = off, .len = len, .user_ptr = (uintptr_t)ptr,
		.write = write, .is_static = 1,
	};

	if (ioctl(fd, COHMAP_EDU_KRW, &k)) {
		diag("KRW %s: %s", write ? "write" : "read", strerror(errno));
		return 1;
	}
	return 0;
}

static int dma(int fd, size_t off, unsigned int dev_off, unsigned int len,
	       unsigned int dir)
{
	struct cohmap_edu_dma d = {
		.buf_off = off, .dev_off = dev_off, .len = len, .dir = dir,
		.is_static = 1,
	};

	if (ioctl(fd, COHMAP_EDU_DMA, &d)) {
		diag("DMA %s device: %s",
		     dir == COHMAP_EDU_TO_DEVICE ? "to" : "from",
		     strerror(errno));
		return 1;
	}
	return 0;
}

/* Open /dev/@name and map its whole buffer read-write, shared. */
static unsigned char *open_map(const char *name, int *fdp)
{
	char path[96];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		diag("open %s: %s", path, strerror(errno));
		return NULL;
	}
	p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		diag("mmap of %zu bytes of %s: %s", BUF_SIZE, path,
		     strerror(errno));
		close(fd);
		return NULL;
	}
	*fdp = fd;
	return p;
}

static int t_kernel_to_user(const char *name)
{
	static unsigned char tmp[COHMAP_EDU_STATIC_SIZE];
	unsigned char *p;
	int fd, bad;

	p = open_map(name, &fd);
	if (!p)
		return FAIL;
	fill(tmp, BUF_SIZE, 11);
	bad = krw(fd, 0, BUF_SIZE, tmp, 1);
	bad = bad || check(p, BUF_SIZE, 11, "user reads what the kernel wrote");
	munmap(p, BUF_SIZE);
	close(fd);
	return bad ? FAIL : PASS;
}

static int t_user_to_kernel(const char *name)
{
	static unsigned char tmp[COHMAP_EDU_STATIC_SIZE];
	unsigned char *p;
	int fd, bad;

	p = open_map(name, &fd);
	if (!p)
		return FAIL;
	fill(p, BUF_SIZE, 12);
	memset(tmp, 0, sizeof(tmp));
	bad = krw(fd, 0, BUF_SIZE, tmp, 0);
	bad = bad || check(tmp, BUF_SIZE, 12, "kernel reads what user wrote");
	munmap(p, BUF_SIZE);
	close(fd);
	return bad ? FAIL : PASS;
}

/*
 * User writes [0, 4000) through the mapping, edu DMAs it into its buffer,
 * then back into [8193, 12193) (across a page boundary, off any alignment);
 * user reads it there, with guard bytes either side untouched.
 */
static int t_dma_round_trip(const char *name)
{
	const size_t src = 0, dst = 8 * 1024 + 1, len = 4000;
	unsigned char *p;
	int fd, bad;

	p = open_map(name, &fd);
	if (!p)
		return FAIL;
	fill(p + src, len, 13);
	memset(p + dst - 1, 0xa5, len + 2);
	bad = dma(fd, src, 7, len, COHMAP_EDU_TO_DEVICE);
	bad = bad || dma(fd, dst, 7, len, COHMAP_EDU_FROM_DEVICE);
	bad = bad || check(p + dst, len, 13, "user reads what the device DMA'd");
	if (!bad && (p[dst - 1] != 0xa5 || p[dst + len] != 0xa5)) {
		diag("DMA wrote outside [%zu, %zu)", dst, dst + len);
		bad = 1;
	}
	munmap(p, BUF_SIZE);
	close(fd);
	return bad ? FAIL : PASS;
}

static const struct {
	const char *name;
	int (*fn)(const char *dev);
} cases[] = {
	{ "kernel_to_user",	t_kernel_to_user },
	{ "user_to_kernel",	t_user_to_kernel },
	{ "dma_round_trip",	t_dma_round_trip },
};

#define NR_CASES	((int)ARRAY_SIZE(cases))

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Run case @c on device @d in a child; a watchdog backs up alarm(). */
static int run_case(int d, int c)
{
	int st = 0, waited_ms = 0;
	pid_t pid, r;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		diag("fork: %s", strerror(errno));
		return FAIL;
	}
	if (!pid) {
		alarm(CASE_TIMEOUT);
		_exit(cases[c].fn(devs[d]));
	}
	while ((r = waitpid(pid, &st, WNOHANG)) == 0) {
		if (waited_ms > (CASE_TIMEOUT + 5) * 1000) {
			diag("hung; killing it");
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
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
		diag("killed by signal %d (%s)", WTERMSIG(st),
		     strsignal(WTERMSIG(st)));
		return FAIL;
	}
	return WEXITSTATUS(st) ? FAIL : PASS;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void find_devs(void)
{
	DIR *dir = opendir("/dev");
	struct dirent *e;

	while (dir && (e = readdir(dir)) && nr_devs < MAX_DEVS)
		if (!strncmp(e->d_name, PREFIX, strlen(PREFIX)))
			snprintf(devs[nr_devs++], sizeof(devs[0]), "%.63s",
				 e->d_name);
	if (dir)
		closedir(dir);
	qsort(devs, nr_devs, sizeof(devs[0]), by_name);
}

int main(void)
{
	int d, c, n = 0, failed = 0, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	find_devs();
	printf("KTAP version 1\n1..%d\n", 1 + nr_devs * NR_CASES);
	diag("%d legacy device(s) in /dev", nr_devs);
	printf("%s %d devices_found\n", nr_devs ? "ok" : "not ok", ++n);
	failed += !nr_devs;
	for (d = 0; d < nr_devs; d++) {
		for (c = 0; c < NR_CASES; c++) {
			ret = run_case(d, c);
			printf("%s %d %s_%s\n", ret ? "not ok" : "ok", ++n,
			       devs[d] + strlen("cohmap_"), cases[c].name);
			fflush(stdout);
			failed += ret;
		}
	}
	diag("%d of %d failed", failed, n);
	return failed ? 1 : 0;
}
