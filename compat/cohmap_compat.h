/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel versions differ (5.4 to mainline). Each
 * COHMAP_HAVE_* comes from a probe compiled against the target kernel
 * (compat/probes/), not from LINUX_VERSION_CODE, so stable and enterprise
 * kernels that backport an API get it. An #else branch can be forced on
 * with COHMAP_PROBE_FORCE="NAME=0". Which branch each kernel of the
 * testbed takes is in tests/testbed/probes.expected (checked by make
 * lint), and the testbed compiles and boots 5.10, 6.1, 6.12 and 7.2, so
 * every branch here is built on a kernel that needs it.
 */
#ifndef _COHMAP_COMPAT_H
#define _COHMAP_COMPAT_H

#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include "cohmap_probed.h"

#if COHMAP_HAVE_VM_FLAGS_SET
static inline void cohmap_vm_flags_set(struct vm_area_struct *vma,
				       unsigned long flags)
{
	vm_flags_set(vma, flags);
}

static inline void cohmap_vm_flags_clear(struct vm_area_struct *vma,
					 unsigned long flags)
{
	vm_flags_clear(vma, flags);
}
#else
static inline void cohmap_vm_flags_set(struct vm_area_struct *vma,
				       unsigned long flags)
{
	vma->vm_flags |= flags;
}

static inline void cohmap_vm_flags_clear(struct vm_area_struct *vma,
					 unsigned long flags)
{
	vma->vm_flags &= ~flags;
}
#endif

#if COHMAP_HAVE_DMA_CAN_MMAP
static inline bool cohmap_dma_can_mmap(struct device *dev)
{
	return dma_can_mmap(dev);
}
#else
/*
 * Before 5.4 there is no way to ask; every kernel of that age that has
 * dma_mmap_attrs() at least tries, so assume yes and let it fail.
 */
static inline bool cohmap_dma_can_mmap(struct device *dev)
{
	return true;
}
#endif

#if COHMAP_HAVE_MMAP_LOCK
#include <linux/mmap_lock.h>
static inline void cohmap_mmap_read_lock(struct mm_struct *mm)
{
	mmap_read_lock(mm);
}

static inline void cohmap_mmap_read_unlock(struct mm_struct *mm)
{
	mmap_read_unlock(mm);
}
#else
/* Before 5.8 (only compiles there: 6.1 has no mmap_sem). */
static inline void cohmap_mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_sem);
}

static inline void cohmap_mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_sem);
}
#endif

#if COHMAP_HAVE_CC_PLATFORM
#include <linux/cc_platform.h>
static inline bool cohmap_mem_encrypt_active(void)
{
	return cc_platform_has(CC_ATTR_MEM_ENCRYPT);
}
#else
#include <linux/mem_encrypt.h>
static inline bool cohmap_mem_encrypt_active(void)
{
	return mem_encrypt_active();
}
#endif

#if COHMAP_HAVE_PFN_T
#include <linux/pfn_t.h>
static inline vm_fault_t cohmap_insert_mixed(struct vm_area_struct *vma,
					     unsigned long addr,
					     unsigned long pfn)
{
	return vmf_insert_mixed(vma, addr, pfn_to_pfn_t(pfn));
}
#else
static inline vm_fault_t cohmap_insert_mixed(struct vm_area_struct *vma,
					     unsigned long addr,
					     unsigned long pfn)
{
	return vmf_insert_mixed(vma, addr, pfn);
}
#endif

/*
 * Huge pfnmaps: PMD (and, where the architecture has them, PUD) entries in
 * a VM_PFNMAP vma from ->huge_fault, 6.12 on, with THP. Only the form
 * without pfn_t (6.17 on) is used: 6.12-6.16 map with ptes, as before.
 */
#if COHMAP_HAVE_HUGE_PFNMAP
#include <linux/huge_mm.h>
static inline bool cohmap_huge_pfnmap(void)
{
	return true;
}

static inline vm_fault_t cohmap_insert_huge(struct vm_fault *vmf,
					    unsigned long pfn,
					    unsigned int order, bool write)
{
	if (order == PMD_ORDER)
		return vmf_insert_pfn_pmd(vmf, pfn, write);
#ifdef CONFIG_ARCH_SUPPORTS_PUD_PFNMAP
	if (order == PUD_ORDER)
		return vmf_insert_pfn_pud(vmf, pfn, write);
#endif
	return VM_FAULT_FALLBACK;
}

#define COHMAP_VM_OPS_HUGE_FAULT(fn)	.huge_fault = (fn),
#else
static inline bool cohmap_huge_pfnmap(void)
{
	return false;
}

static inline vm_fault_t cohmap_insert_huge(struct vm_fault *vmf,
					    unsigned long pfn,
					    unsigned int order, bool write)
{
	return VM_FAULT_FALLBACK;
}

#define COHMAP_VM_OPS_HUGE_FAULT(fn)
#endif

/*
 * Whether the data cache can alias. From 6.9 the kernel answers;
 * before, the architecture's own test (arch/<arch>/policy.c) does.
 */
#if COHMAP_HAVE_CPU_DCACHE_IS_ALIASING
#include <linux/cacheinfo.h>
static inline bool cohmap_dcache_is_aliasing(bool arch_says)
{
	return cpu_dcache_is_aliasing();
}
#else
static inline bool cohmap_dcache_is_aliasing(bool arch_says)
{
	return arch_says;
}
#endif

/* What mmap() would pick for @file without an f_op->get_unmapped_area. */
#include <linux/sched.h>
#include <linux/sched/mm.h>
static inline unsigned long
cohmap_mm_get_unmapped_area(struct file *file, unsigned long addr,
			    unsigned long len, unsigned long pgoff,
			    unsigned long flags)
{
#if COHMAP_HAVE_MM_GET_UNMAPPED_AREA
	return mm_get_unmapped_area(file, addr, len, pgoff, flags);
#elif COHMAP_HAVE_MM_GET_UNMAPPED_AREA_MM
	return mm_get_unmapped_area(current->mm, file, addr, len, pgoff, flags);
#else
	return current->mm->get_unmapped_area(file, addr, len, pgoff, flags);
#endif
}

/*
 * Per-device coherent pools (dma_declare_coherent_memory(), DT
 * "shared-dma-pool" regions): while a device has one, every coherent
 * allocation for it comes from the pool (dma_alloc_from_dev_coherent()
 * returns 1 whenever dev->dma_mem is set, 5.4 to 7.2).
 */
static inline bool cohmap_dev_coherent_pool(struct device *dev)
{
#ifdef CONFIG_DMA_DECLARE_COHERENT
	return dev->dma_mem;
#else
	return false;
#endif
}

/*
 * The pfn behind a kernel address in vmalloc space, read from the kernel's
 * page tables, or 0 where that is not safe for memory without a struct
 * page: vmalloc_to_pfn() goes through pfn_to_page() and back, an exact
 * round trip only with a virtual (or flat) memory map, and before 5.13 it
 * warns on the huge entries ioremap() makes.
 */
#include <linux/vmalloc.h>
static inline bool cohmap_kernel_map_readable(void)
{
	return COHMAP_HAVE_VMALLOC_TO_PAGE_LEAF &&
	       (IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP) || IS_ENABLED(CONFIG_FLATMEM));
}

static inline unsigned long cohmap_kernel_map_pfn(const void *addr)
{
	if (!cohmap_kernel_map_readable() || !is_vmalloc_addr(addr))
		return 0;
	return vmalloc_to_pfn(addr);
}

#endif /* _COHMAP_COMPAT_H */
