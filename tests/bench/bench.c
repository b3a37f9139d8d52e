// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, the user side: for each buffer size, time mmap(), the first
 * and second touch (one word read per page), memcpy out of and into the
 * mapping, and munmap(), for every way of /dev/cohmap_bench, and the
 * kernel's own access through cpu_addr; all ways interleaved, each
 * repetition in a rotated order. Prints one line per size, way and metric:
 *
 *	bench: size=S way=W metric=M median=NS min=NS max=NS n=N
 *
 * plus bench-info and bench-setup lines; tests/bench/report.py turns the
 * lines of every boot into docs/performance.md. Configuration comes from
 * /cohmap-bench.conf ("reps N", "max BYTES"), written by tests/bench/run.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "cohmap_bench.h"

typedef __u8 u8;
typedef __u32 u32;
typedef __u64 u64;

/* A read the compiler must do, as the kernel's READ_ONCE(). */
#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)

#define MAX_REPS	32
#define NR_METRICS	8
#define WAY_KERNEL	COHMAP_BENCH_WAYS	/* the kernel, through cpu_addr */
#define NR_WAYS		(COHMAP_BENCH_WAYS + 1)

static const char * const way_names[NR_WAYS] = {
	"dma_mmap_coherent", "stateless", "buffer_a", "buffer_b", "kernel",
};

enum {
	M_MMAP, M_TOUCH1, M_TOUCH2, M_COPY_OUT, M_COPY_IN, M_MUNMAP,
	M_FAULTS, M_MAP_TOUCH1,
};

static const char * const metric_names[NR_METRICS] = {
	"mmap", "touch1", "touch2", "copy_out", "copy_in", "munmap", "faults1",
	"map_touch1",
};

static u64 samples[NR_WAYS][NR_METRICS][MAX_REPS];
static long page_size;
/* What the touches read, so no read can be left out. */
static u64 sink;

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static u64 touch(const u8 *p, size_t size)
{
	u64 sum = 0;
	size_t off;

	for (off = 0; off < size; off += page_size)
		sum += READ_ONCE(*(const u32 *)(p + off));
	return sum;
}

/* One repetition of one user way; 0, or -1 if mmap() failed. */
static int run_user_way(int fd, int way, size_t size, u8 *ubuf, int rep)
{
	u64 *s, t;
	u8 *p;
	long f;

	s = &samples[way][0][0];
	t = now_ns();
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 COHMAP_BENCH_WAY_OFF(way));
	s[M_MMAP * MAX_REPS + rep] = now_ns() - t;
	if (p == MAP_FAILED) {
		printf("bench-error: way=%s size=%zu mmap: %s\n", way_names[way],
		       size, strerror(errno));
		return -1;
	}
	f = minflt();
	t = now_ns();
	sink += touch(p, size);
	s[M_TOUCH1 * MAX_REPS + rep] = now_ns() - t;
	s[M_FAULTS * MAX_REPS + rep] = minflt() - f;
	/* The bar: what a program waits for before it has the data. */
	s[M_MAP_TOUCH1 * MAX_REPS + rep] = s[M_MMAP * MAX_REPS + rep] +
					   s[M_TOUCH1 * MAX_REPS + rep];
	t = now_ns();
	sink += touch(p, size);
	s[M_TOUCH2 * MAX_REPS + rep] = now_ns() - t;
	t = now_ns();
	memcpy(ubuf, p, size);
	s[M_COPY_OUT * MAX_REPS + rep] = now_ns() - t;
	t = now_ns();
	memcpy(p, ubuf, size);
	s[M_COPY_IN * MAX_REPS + rep] = now_ns() - t;
	t = now_ns();
	munmap(p, size);
	s[M_MUNMAP * MAX_REPS + rep] = now_ns() - t;
	return 0;
}

static int kernel_op(int fd, unsigned int op, u64 *ns)
{
	struct cohmap_bench_kernel k = { .op = op };

	if (ioctl(fd, COHMAP_BENCH_KERNEL, &k))
		return -1;
	*ns = k.ns;
	sink += k.sum;
	return 0;
}

/* The kernel's own access: no mapping, so mmap and munmap cost nothing. */
static int run_kernel_way(int fd, int rep)
{
	u64 *s = &samples[WAY_KERNEL][0][0];

	s[M_MMAP * MAX_REPS + rep] = 0;
	s[M_MUNMAP * MAX_REPS + rep] = 0;
	s[M_FAULTS * MAX_REPS + rep] = 0;
	if (kernel_op(fd, COHMAP_BENCH_K_TOUCH, &s[M_TOUCH1 * MAX_REPS + rep]) ||
	    kernel_op(fd, COHMAP_BENCH_K_TOUCH, &s[M_TOUCH2 * MAX_REPS + rep]) ||
	    kernel_op(fd, COHMAP_BENCH_K_COPY_OUT,
		      &s[M_COPY_OUT * MAX_REPS + rep]) ||
	    kernel_op(fd, COHMAP_BENCH_K_COPY_IN,
		      &s[M_COPY_IN * MAX_REPS + rep]))
		return -1;
	s[M_MAP_TOUCH1 * MAX_REPS + rep] = s[M_TOUCH1 * MAX_REPS + rep];
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void report(size_t size, int reps)
{
	u64 v[MAX_REPS], med;
	int w, m;

	for (w = 0; w < NR_WAYS; w++)
		for (m = 0; m < NR_METRICS; m++) {
			memcpy(v, samples[w][m], reps * sizeof(v[0]));
			qsort(v, reps, sizeof(v[0]), cmp_u64);
			/* Even counts: the mean of the two middle samples. */
			med = reps & 1 ? v[reps / 2] :
			      (v[reps / 2 - 1] + v[reps / 2]) / 2;
			printf("bench: size=%zu way=%s metric=%s ", size,
			       way_names[w], metric_names[m]);
			printf("median=%llu min=%llu max=%llu n=%d\n",
			       (unsigned long long)med,
			       (unsigned long long)v[0],
			       (unsigned long long)v[reps - 1], reps);
		}
}

/* All ways, @reps times, each repetition starting at another way. */
static int bench_size(int fd, size_t size, int reps)
{
	struct cohmap_bench_setup st = { .size = size };
	u8 *ubuf;
	int r, i, w;

	if (ioctl(fd, COHMAP_BENCH_SETUP, &st)) {
		printf("bench-skip: size=%zu setup: %s\n", size, strerror(errno));
		return -1;
	}
	printf("bench-setup: size=%zu policy_a=%u policy_b=%u runs_a=%u runs_b=%u why_b=\"%s\"\n",
	       size, st.policy_a, st.policy_b, st.runs_a, st.runs_b, st.why_b);
	ubuf = malloc(size);
	if (!ubuf) {
		printf("bench-skip: size=%zu: no user memory\n", size);
		return -1;
	}
	memset(ubuf, 0xa5, size);
	for (r = 0; r < reps; r++)
		for (i = 0; i < NR_WAYS; i++) {
			w = (i + r) % NR_WAYS;
			if (w == WAY_KERNEL ? run_kernel_way(fd, r) :
			    run_user_way(fd, w, size, ubuf, r))
				goto fail;
		}
	free(ubuf);
	report(size, reps);
	fflush(stdout);
	return 0;
fail:
	free(ubuf);
	return -1;
}

int main(void)
{
	unsigned long long max = 256ull << 20;
	struct cohmap_bench_setup none = { 0 };
	char key[32];
	unsigned long long val;
	struct utsname u;
	int fd, reps = 5;
	size_t size;
	FILE *conf;

	page_size = sysconf(_SC_PAGESIZE);
	conf = fopen("/cohmap-bench.conf", "r");
	while (conf && fscanf(conf, "%31s %llu", key, &val) == 2) {
		if (!strcmp(key, "reps") && val > 0 && val <= MAX_REPS)
			reps = val;
		else if (!strcmp(key, "max"))
			max = val;
	}
	if (conf)
		fclose(conf);
	uname(&u);
	printf("bench-info: release=%s machine=%s page=%ld reps=%d\n",
	       u.release, u.machine, page_size, reps);
	fd = open("/dev/cohmap_bench", O_RDWR);
	if (fd < 0) {
		printf("bench-error: /dev/cohmap_bench: %s\n", strerror(errno));
		return 1;
	}
	/*
	 * 4 KiB to max, by factors of 4; above 16 MiB three repetitions
	 * (the instruction count varies by a few percent at most, and one
	 * 256 MiB repetition of all ways is minutes of TCG).
	 */
	for (size = page_size; size <= max; size *= 4)
		if (bench_size(fd, size, size > (16 << 20) && reps > 3 ? 3 : reps))
			break;
	ioctl(fd, COHMAP_BENCH_SETUP, &none);
	close(fd);
	printf("bench-done\n");
	return 0;
}
