/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * User API of the benchmark fixture (tests/bench/cohmap_bench.c), shared
 * with the user program (tests/bench/bench.c). Test-only: not part of the
 * library a driver vendors.
 *
 * One open file holds one pair of buffers of one size: A, allocated with
 * COHMAP_POPULATE (policy a), and B, without (policy b). The file offset
 * of a mapping picks the way it is made (COHMAP_BENCH_WAY_*), always of
 * the whole buffer from its first byte.
 */
#ifndef _UAPI_COHMAP_BENCH_H
#define _UAPI_COHMAP_BENCH_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define COHMAP_BENCH_WAY_DMA		0	/* dma_mmap_coherent() of B */
#define COHMAP_BENCH_WAY_STATELESS	1	/* cohmap_mmap_coherent() of B */
#define COHMAP_BENCH_WAY_REMAP		2	/* cohmap_buffer_mmap() of A */
#define COHMAP_BENCH_WAY_FAULT		3	/* cohmap_buffer_mmap() of B */
#define COHMAP_BENCH_WAYS		4

/* mmap() offset of a way: far apart, so no buffer size reaches the next. */
#define COHMAP_BENCH_WAY_SHIFT		30
#define COHMAP_BENCH_WAY_OFF(w)		((__u64)(w) << COHMAP_BENCH_WAY_SHIFT)

struct cohmap_bench_setup {
	__u64 size;		/* in: bytes, page multiple; 0 frees */
	__u32 policy_a;		/* out: enum cohmap_policy of A */
	__u32 policy_b;		/* out: of B */
	__u32 runs_a;		/* out: physically contiguous runs of A */
	__u32 runs_b;		/* out: of B */
	char why_b[96];		/* out: why B got its policy */
};

/* The kernel's own access through cpu_addr, timed in the kernel. */
#define COHMAP_BENCH_K_TOUCH	0	/* read one word per page of B */
#define COHMAP_BENCH_K_COPY_OUT	1	/* memcpy B -> a vmalloc buffer */
#define COHMAP_BENCH_K_COPY_IN	2	/* memcpy a vmalloc buffer -> B */

struct cohmap_bench_kernel {
	__u32 op;		/* in: COHMAP_BENCH_K_* */
	__u32 pad;
	__u64 ns;		/* out: elapsed */
	__u64 sum;		/* out: what K_TOUCH read, so it is not elided */
};

#define COHMAP_BENCH_IOC_MAGIC	0xcf
#define COHMAP_BENCH_SETUP	_IOWR(COHMAP_BENCH_IOC_MAGIC, 1, struct cohmap_bench_setup)
#define COHMAP_BENCH_KERNEL	_IOWR(COHMAP_BENCH_IOC_MAGIC, 2, struct cohmap_bench_kernel)

#endif /* _UAPI_COHMAP_BENCH_H */
