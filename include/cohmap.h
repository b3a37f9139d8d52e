/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cohmap: map DMA-coherent buffers into user space correctly on every
 * architecture and kernel version.
 *
 * Two ways in:
 *  - cohmap_mmap_coherent(): a stateless drop-in for dma_mmap_coherent(),
 *    for drivers that keep their own dma_alloc_coherent() buffers;
 *  - struct cohmap_buffer: an allocation whose user mappings are tracked,
 *    faulted in on demand, and revoked when the buffer is freed or its
 *    device goes away, so no user mapping ever outlives the memory.
 *
 * Every vendored copy renames its symbols with COHMAP_PREFIX (set by
 * cohmap.mk), so two drivers that each carry cohmap never clash, not even
 * when both are built into the same kernel image.
 */
#ifndef _COHMAP_H
#define _COHMAP_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/mm_types.h>

struct device;
struct file;

#ifndef COHMAP_PREFIX
#error "COHMAP_PREFIX is unset: include cohmap.mk from your Kbuild"
#endif
#define __cohmap_cat(a, b)	a##b
#define __cohmap_xcat(a, b)	__cohmap_cat(a, b)
#define COHMAP_SYM(name)	__cohmap_xcat(COHMAP_PREFIX, name)

#define cohmap_mmap_coherent	COHMAP_SYM(cohmap_mmap_coherent)
#define cohmap_mmap_coherent_at	COHMAP_SYM(cohmap_mmap_coherent_at)
#define cohmap_choose_policy	COHMAP_SYM(cohmap_choose_policy)
#define cohmap_policy_name	COHMAP_SYM(cohmap_policy_name)
#define cohmap_buffer_alloc	COHMAP_SYM(cohmap_buffer_alloc)
#define cohmap_buffer_free	COHMAP_SYM(cohmap_buffer_free)
#define cohmap_buffer_adopt	COHMAP_SYM(cohmap_buffer_adopt)
#define cohmap_buffer_disown	COHMAP_SYM(cohmap_buffer_disown)
#define cohmap_buffer_mmap	COHMAP_SYM(cohmap_buffer_mmap)
#define cohmap_buffer_revoke	COHMAP_SYM(cohmap_buffer_revoke)
#define cohmap_buffer_policy	COHMAP_SYM(cohmap_buffer_policy)
#define cohmap_buffer_mappings	COHMAP_SYM(cohmap_buffer_mappings)
#define cohmap_colour_span	COHMAP_SYM(cohmap_colour_span)
#define cohmap_get_unmapped_area	COHMAP_SYM(cohmap_get_unmapped_area)
#define cohmap_buffer_get_unmapped_area \
	COHMAP_SYM(cohmap_buffer_get_unmapped_area)
#define cohmap_mmap_coherent_prepare	COHMAP_SYM(cohmap_mmap_coherent_prepare)
#define cohmap_mmap_coherent_prepare_at \
	COHMAP_SYM(cohmap_mmap_coherent_prepare_at)
#define cohmap_buffer_mmap_prepare	COHMAP_SYM(cohmap_buffer_mmap_prepare)

/**
 * enum cohmap_policy - how a user mapping of coherent memory is made
 * @COHMAP_POLICY_REMAP: (a) all pfns of the vma, taken from the DMA layer,
 *	are mapped at once, in mmap(), with the pgprot the architecture
 *	gives coherent memory.
 * @COHMAP_POLICY_FAULT: (b) as (a), but a window at a time, as pages are
 *	touched.
 * @COHMAP_POLICY_COLOUR: (c) as (b) (or (a) with COHMAP_POPULATE), only at
 *	a user address whose cache colour matches the kernel mapping
 *	(aliasing data caches).
 * @COHMAP_POLICY_DMA: (d) the DMA layer's own dma_mmap_attrs() makes the
 *	mapping; used where only it knows the right attributes.
 * @COHMAP_POLICY_REFUSE: (e) no coherent user mapping is possible.
 */
enum cohmap_policy {
	COHMAP_POLICY_REMAP,
	COHMAP_POLICY_FAULT,
	COHMAP_POLICY_COLOUR,
	COHMAP_POLICY_DMA,
	COHMAP_POLICY_REFUSE,
};

/* Flags for cohmap_mmap_coherent_at() and cohmap_buffer_alloc()/_adopt(). */
#define COHMAP_RDONLY		BIT(0)	/* user may never write */
#define COHMAP_EXCLUSIVE	BIT(1)	/* one address space at a time */
#define COHMAP_POPULATE		BIT(2)	/* mmap() maps the whole vma */

int cohmap_mmap_coherent(struct device *dev, struct vm_area_struct *vma,
			 void *cpu_addr, dma_addr_t dma_addr, size_t size);
int cohmap_mmap_coherent_at(struct device *dev, struct vm_area_struct *vma,
			    void *cpu_addr, dma_addr_t dma_addr, size_t size,
			    unsigned long offset, unsigned int flags);
enum cohmap_policy cohmap_choose_policy(struct device *dev,
					unsigned long attrs,
					unsigned int flags, const char **why);
const char *cohmap_policy_name(enum cohmap_policy policy);

/**
 * struct cohmap_buffer - a coherent DMA buffer whose user mappings cohmap owns
 * @dev: the device the buffer was allocated for.
 * @vaddr: the kernel's address of the buffer (do not derive pfns from it).
 * @dma_addr: the address the device uses.
 * @size: the size asked for; user mappings may cover PAGE_ALIGN(@size).
 *
 * Read-only for drivers; cohmap embeds it in its own tracking state.
 */
struct cohmap_buffer {
	struct device *dev;
	void *vaddr;
	dma_addr_t dma_addr;
	size_t size;
};

struct cohmap_buffer *cohmap_buffer_alloc(struct device *dev, size_t size,
					  gfp_t gfp, unsigned long attrs,
					  unsigned int flags);
void cohmap_buffer_free(struct cohmap_buffer *buf);
struct cohmap_buffer *cohmap_buffer_adopt(struct device *dev, void *vaddr,
					  dma_addr_t dma_addr, size_t size,
					  unsigned long attrs,
					  unsigned int flags);
void cohmap_buffer_disown(struct cohmap_buffer *buf);
int cohmap_buffer_mmap(struct cohmap_buffer *buf, struct vm_area_struct *vma,
		       unsigned long offset);
void cohmap_buffer_revoke(struct cohmap_buffer *buf);
enum cohmap_policy cohmap_buffer_policy(struct cohmap_buffer *buf,
					const char **why);
unsigned int cohmap_buffer_mappings(struct cohmap_buffer *buf);

/*
 * Colour-congruent placement, policy (c): call from your
 * f_op->get_unmapped_area (see core/colour.c). A no-op, returning what
 * mmap() would have picked anyway, where the data cache cannot alias.
 */
unsigned long cohmap_colour_span(struct device *dev);
unsigned long cohmap_get_unmapped_area(struct device *dev,
				       const void *cpu_addr, struct file *file,
				       unsigned long addr, unsigned long len,
				       unsigned long pgoff, unsigned long flags);
unsigned long cohmap_buffer_get_unmapped_area(struct cohmap_buffer *buf,
					      unsigned long offset,
					      struct file *file,
					      unsigned long addr,
					      unsigned long len,
					      unsigned long pgoff,
					      unsigned long flags);

/*
 * f_op->mmap_prepare (7.x). They exist where the kernel has it: then
 * "cohmap_probed.h", generated at build time, says
 * COHMAP_HAVE_MMAP_PREPARE 1 (a driver that includes it makes its objects
 * depend on $(cohmap-probed), as samples/edu/Kbuild does). A driver wires
 * either ->mmap or ->mmap_prepare, never both.
 */
struct vm_area_desc;
int cohmap_mmap_coherent_prepare(struct device *dev, struct vm_area_desc *desc,
				 void *cpu_addr, dma_addr_t dma_addr,
				 size_t size);
int cohmap_mmap_coherent_prepare_at(struct device *dev,
				    struct vm_area_desc *desc, void *cpu_addr,
				    dma_addr_t dma_addr, size_t size,
				    unsigned long offset, unsigned int flags);
int cohmap_buffer_mmap_prepare(struct cohmap_buffer *buf,
			       struct vm_area_desc *desc, unsigned long offset);

#endif /* _COHMAP_H */
