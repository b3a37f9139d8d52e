/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * User API of the cohmap_edu sample driver (QEMU's edu PCI device).
 *
 * Each open file owns at most one cohmap buffer, made by COHMAP_EDU_ALLOC
 * and mapped at file offset 0. The device's one static buffer, allocated at
 * probe with plain dma_alloc_coherent() and mapped through the stateless
 * cohmap_mmap_coherent_at(), sits at file offset COHMAP_EDU_STATIC_OFF.
 */
#ifndef _UAPI_COHMAP_EDU_H
#define _UAPI_COHMAP_EDU_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define COHMAP_EDU_STATIC_OFF	0x10000000UL
#define COHMAP_EDU_STATIC_SIZE	(4 * 4096)

/*
 * The driver overwrites a buffer with this byte after revoking its user
 * mappings and before freeing it, so the DMA memory keeps nothing of the
 * old owner's, and a user access that got past revocation shows as this
 * byte rather than as plausible data.
 */
#define COHMAP_EDU_POISON	0x6b

/* Same values as COHMAP_RDONLY, COHMAP_EXCLUSIVE, COHMAP_POPULATE. */
#define COHMAP_EDU_F_RDONLY	_BITUL(0)
#define COHMAP_EDU_F_EXCLUSIVE	_BITUL(1)
#define COHMAP_EDU_F_POPULATE	_BITUL(2)

struct cohmap_edu_alloc {
	__u64 size;
	__u32 flags;
	__u32 pad;
};

/*
 * Device DMA between our buffer and the edu's 4 KiB internal buffer. A
 * device bound with any_bdf= that is no edu has no DMA engine: -EOPNOTSUPP.
 */
#define COHMAP_EDU_TO_DEVICE	0	/* buffer -> edu */
#define COHMAP_EDU_FROM_DEVICE	1	/* edu -> buffer */

struct cohmap_edu_dma {
	__u64 buf_off;		/* offset in our buffer */
	__u32 dev_off;		/* offset in the edu buffer, < 4096 */
	__u32 len;		/* 1..4095: QEMU 7.2 aborts on 4096 */
	__u32 dir;
	__u32 is_static;	/* 1: the static buffer, 0: this file's */
};

/* The kernel copies through its own mapping (cpu_addr). */
struct cohmap_edu_krw {
	__u64 buf_off;
	__u64 len;
	__u64 user_ptr;
	__u32 write;		/* 1: user_ptr -> buffer, 0: buffer -> user_ptr */
	__u32 is_static;
};

struct cohmap_edu_info {
	__u64 size;
	__u64 dma_addr;
	__u32 policy;		/* enum cohmap_policy */
	__u32 mappings;		/* live user mappings of this file's buffer */
	char policy_name[16];
	char why[96];
	/*
	 * Where the data cache aliases: the colour span (0 where it cannot)
	 * and the buffer's kernel address modulo it. A user mapping of buffer
	 * offset off must sit at an address uaddr with
	 * (uaddr - off - colour_off) % colour_span == 0 (policy c).
	 */
	__u64 colour_span;
	__u64 colour_off;
};

#define COHMAP_EDU_IOC_MAGIC	0xce
#define COHMAP_EDU_ALLOC	_IOW(COHMAP_EDU_IOC_MAGIC, 1, struct cohmap_edu_alloc)
#define COHMAP_EDU_FREE		_IO(COHMAP_EDU_IOC_MAGIC, 2)
#define COHMAP_EDU_DMA		_IOW(COHMAP_EDU_IOC_MAGIC, 3, struct cohmap_edu_dma)
#define COHMAP_EDU_KRW		_IOW(COHMAP_EDU_IOC_MAGIC, 4, struct cohmap_edu_krw)
#define COHMAP_EDU_INFO		_IOR(COHMAP_EDU_IOC_MAGIC, 5, struct cohmap_edu_info)

#endif /* _UAPI_COHMAP_EDU_H */
