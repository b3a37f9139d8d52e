/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the cohmap core files share with each other and with arch/, and
 * nothing a driver should see.
 */
#ifndef _COHMAP_INTERNAL_H
#define _COHMAP_INTERNAL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <cohmap.h>
#include "cohmap_compat.h"

#define cohmap_arch_maps	COHMAP_SYM(cohmap_arch_maps)
#define cohmap_arch_colour	COHMAP_SYM(cohmap_arch_colour)
#define cohmap_colour_congruent	COHMAP_SYM(cohmap_colour_congruent)
#define cohmap_check_map	COHMAP_SYM(cohmap_check_map)
#define cohmap_set_vm_flags	COHMAP_SYM(cohmap_set_vm_flags)
#define cohmap_set_desc_flags	COHMAP_SYM(cohmap_set_desc_flags)
#define cohmap_debugfs_add	COHMAP_SYM(cohmap_debugfs_add)
#define cohmap_debugfs_del	COHMAP_SYM(cohmap_debugfs_del)
#define cohmap_buf_huge_span	COHMAP_SYM(cohmap_buf_huge_span)
#define cohmap_user_memtype	COHMAP_SYM(cohmap_user_memtype)
#define cohmap_memtype_prot	COHMAP_SYM(cohmap_memtype_prot)
#define cohmap_pool_pfns	COHMAP_SYM(cohmap_pool_pfns)

/* cohmap_choose_policy() for cohmap_mmap_coherent(): no buffer object. */
#define COHMAP_STATELESS	BIT(3)

/**
 * cohmap_arch_maps() - may cohmap map a device's coherent memory itself?
 * @dev: device the memory was allocated for
 * @why: out: a static reason, shown by the introspection API
 *
 * Lives in arch/<arch>/policy.c. Where it may, the user pgprot is the DMA
 * layer's own (cohmap_user_memtype()); an architecture whose rule differs
 * from dma_pgprot()'s says no here, and the DMA layer maps (policy d).
 *
 * Return: 0, or -EOPNOTSUPP when only the DMA layer knows the pgprot.
 */
int cohmap_arch_maps(struct device *dev, const char **why);

/* The memory type of user mappings: decided once, applied to each vma. */
enum cohmap_memtype {
	COHMAP_MEMTYPE_VMA,		/* the vma's own (coherent memory) */
	COHMAP_MEMTYPE_WC,		/* pgprot_writecombine() */
	COHMAP_MEMTYPE_DMACOHERENT,	/* pgprot_dmacoherent() */
};

int cohmap_user_memtype(struct device *dev, unsigned long attrs,
			enum cohmap_memtype *mt, const char **why);
void cohmap_memtype_prot(enum cohmap_memtype mt, pgprot_t *prot);
int cohmap_pool_pfns(const void *cpu_addr, unsigned long *pfns,
		     unsigned long n);

/**
 * cohmap_arch_colour() - the span of one cache colour, per arch
 * @dev: device the memory was allocated for
 * @why: out: a static reason
 *
 * Lives in arch/<arch>/policy.c. Two virtual mappings of one page are
 * coherent with each other through the data cache only when they are
 * congruent modulo this span.
 *
 * Return: a power of two, at least PAGE_SIZE, when the data cache can
 * alias; 0 when it cannot (then placement is left alone).
 */
unsigned long cohmap_arch_colour(struct device *dev, const char **why);

bool cohmap_colour_congruent(struct device *dev, const void *cpu_addr,
			     unsigned long uaddr);

int cohmap_check_map(struct device *dev, unsigned long len, bool shared,
		     bool writable, size_t size, unsigned long offset,
		     unsigned int flags);
void cohmap_set_vm_flags(struct vm_area_struct *vma, unsigned int flags);
#if COHMAP_HAVE_MMAP_PREPARE
void cohmap_set_desc_flags(struct vm_area_desc *desc, unsigned int flags);
#endif

/*
 * How many pages one fault of policy (b) maps, around the faulting one
 * (a power of two): by default as much as the kernel's own fault-around
 * maps of a file (64 KiB), so a sequential first touch takes a sixteenth
 * of the faults, while a sparse one maps little that it does not use. A
 * driver may set it in its Kbuild (ccflags-y += -DCOHMAP_FAULT_AROUND=64).
 */
#ifndef COHMAP_FAULT_AROUND
#define COHMAP_FAULT_AROUND	16
#endif

/*
 * One file range through which a buffer has been mapped. Revocation zaps
 * it with unmap_mapping_range(), which the mm serialises against fork and
 * munmap, so cohmap never has to chase individual vmas.
 */
struct cohmap_window {
	struct list_head node;
	struct address_space *mapping;	/* pinned by an inode reference */
	pgoff_t base;			/* file page of buffer page 0 */
	struct cohmap_buf *buf;
};

/*
 * An address space in which the DMA layer (policy d) mapped pages inside
 * ->mmap(). The kernel links the vma into the file's mapping only after
 * ->mmap() returns, so a revoke in between would miss it; revoke waits for
 * that mm's mmap_lock. Policies (a) and (b) map only from the fault
 * handler, after linking, and need none of this.
 */
struct cohmap_populator {
	struct list_head node;
	struct mm_struct *mm;		/* pinned with mmgrab() */
};

struct cohmap_buf {
	struct cohmap_buffer pub;
	struct kref ref;		/* the owner, plus one per user vma */
	struct mutex lock;		/* windows, populators, revoked, freed */
	struct rw_semaphore revoke_sem;	/* faults vs. revoke */
	spinlock_t vma_lock;		/* nr_vmas, owner */
	struct list_head windows;
	struct list_head populators;
	struct list_head node;		/* debugfs list */
	unsigned long attrs;
	unsigned int flags;
	unsigned long npages;
	unsigned long *pfns;		/* from the DMA layer's sg_table */
	bool learns_pfns;		/* pfns come from its mmaps (d) */
	bool owned;			/* cohmap allocated the memory */
	unsigned long max_run;		/* longest physically contiguous run */
	enum cohmap_policy policy;
	enum cohmap_memtype memtype;	/* of every user pte */
	const char *why;
	unsigned int nr_vmas;
	struct mm_struct *owner;	/* COHMAP_EXCLUSIVE: who maps it */
	pid_t owner_pid;
	bool revoked;
	bool freed;
};

static inline struct cohmap_buf *to_cohmap_buf(struct cohmap_buffer *pub)
{
	return container_of(pub, struct cohmap_buf, pub);
}

unsigned long cohmap_buf_huge_span(struct cohmap_buf *buf,
				   unsigned long offset, unsigned long len,
				   unsigned long *want);
void cohmap_debugfs_add(struct cohmap_buf *buf);
void cohmap_debugfs_del(struct cohmap_buf *buf);

#endif /* _COHMAP_INTERNAL_H */
