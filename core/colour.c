// SPDX-License-Identifier: GPL-2.0
/*
 * Colour-congruent placement, policy (c).
 *
 * Where the data cache is virtually indexed and larger than a page per way
 * (parisc, mips with cpu_has_dc_aliases, VIVT or aliasing VIPT arm, sh4,
 * sparc32, xtensa), two virtual mappings of one physical page see each
 * other's data only if their addresses agree in the index bits above the
 * page offset: they must share a cache colour. The kernel already has a
 * mapping of every coherent buffer (cpu_addr), so a user mapping must land
 * at an address congruent with *that*, modulo the colour span. The
 * architecture's own placement colours shared file mappings by file
 * offset, which says nothing about where the kernel put the buffer.
 *
 * A driver plugs cohmap_buffer_get_unmapped_area() (or, for its own
 * dma_alloc_coherent() buffers, cohmap_get_unmapped_area()) into its
 * file_operations. Where the data cache cannot alias it returns exactly
 * what mmap() would have picked without it.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/mman.h>
#include <linux/overflow.h>
#include "internal.h"

/**
 * cohmap_colour_span() - the cache colour span user mappings must respect
 * @dev: the device whose coherent memory is mapped
 *
 * Return: the span in bytes (a power of two, at least PAGE_SIZE) when the
 * data cache can alias, so that a user mapping must be congruent with the
 * kernel's modulo it; 0 when any page-aligned address is coherent.
 */
unsigned long cohmap_colour_span(struct device *dev)
{
	unsigned long span = cohmap_arch_colour(dev, NULL);

	if (span <= PAGE_SIZE || !is_power_of_2(span))
		return 0;
	return span;
}

/* The colour bits (above the page offset) of @addr for a span of @span. */
static unsigned long cohmap_colour_of(unsigned long addr, unsigned long span)
{
	return addr & (span - 1) & PAGE_MASK;
}

/**
 * cohmap_colour_congruent() - is a user address coherent with the kernel's?
 * @dev: the device whose coherent memory is mapped
 * @cpu_addr: kernel address of the first byte the user mapping shows
 * @uaddr: user address of that byte
 *
 * Return: true if the two share a cache colour, or the cache cannot alias.
 */
bool cohmap_colour_congruent(struct device *dev, const void *cpu_addr,
			     unsigned long uaddr)
{
	unsigned long span = cohmap_colour_span(dev);

	return !span || cohmap_colour_of(uaddr, span) ==
			cohmap_colour_of((unsigned long)cpu_addr, span);
}

/*
 * A free range of @len bytes whose start is @want modulo @span (a power of
 * two): the hint if it is, else anywhere in a hole of @len plus a span.
 */
static unsigned long cohmap_place(struct file *file, unsigned long addr,
				  unsigned long len, unsigned long pgoff,
				  unsigned long flags, unsigned long span,
				  unsigned long want)
{
	unsigned long base, padded, hint, ret;

	if (addr) {
		hint = (addr & ~(span - 1)) + want;
		if (hint < addr)
			hint += span;
		ret = cohmap_mm_get_unmapped_area(file, hint, len, pgoff, flags);
		if (!IS_ERR_VALUE(ret) && cohmap_colour_of(ret, span) == want)
			return ret;
	}

	if (check_add_overflow(len, span - PAGE_SIZE, &padded))
		return -ENOMEM;
	base = cohmap_mm_get_unmapped_area(file, 0, padded, pgoff, flags);
	if (IS_ERR_VALUE(base))
		return base;
	return base + ((want - cohmap_colour_of(base, span)) & (span - 1));
}

/**
 * cohmap_get_unmapped_area() - place a user mapping congruent with cpu_addr
 * @dev: the device the buffer was allocated for
 * @cpu_addr: kernel address of the first byte the mapping will show: the
 *	buffer's dma_alloc_coherent() address plus the offset of the mapping
 *	into the buffer (not the file offset)
 * @file: as passed to f_op->get_unmapped_area
 * @addr: as passed: a hint, or the address demanded with MAP_FIXED
 * @len: as passed
 * @pgoff: as passed
 * @flags: as passed
 *
 * For a driver's f_op->get_unmapped_area. Where the data cache cannot
 * alias, returns exactly what mmap() would have chosen without a
 * get_unmapped_area of the driver's. Elsewhere returns a free address
 * congruent with @cpu_addr modulo cohmap_colour_span() (the hint if it is
 * congruent and free), and refuses a MAP_FIXED address that is not.
 *
 * Context: process context, mmap_lock held for writing (as mmap() calls
 * f_op->get_unmapped_area).
 * Return: the address, or a negative errno cast to unsigned long (test
 * with IS_ERR_VALUE()): -EINVAL for an incongruent MAP_FIXED, or whatever
 * the mm's own placement returns (-ENOMEM).
 */
unsigned long cohmap_get_unmapped_area(struct device *dev,
				       const void *cpu_addr, struct file *file,
				       unsigned long addr, unsigned long len,
				       unsigned long pgoff, unsigned long flags)
{
	unsigned long span = cohmap_colour_span(dev);
	unsigned long want;

	if (!span)
		return cohmap_mm_get_unmapped_area(file, addr, len, pgoff, flags);

	want = cohmap_colour_of((unsigned long)cpu_addr, span);
	/*
	 * Architectures that colour shared mappings by file offset get an
	 * offset of the wanted colour, so their own placement (and their
	 * MAP_FIXED check) agrees with ours.
	 */
	pgoff = want >> PAGE_SHIFT;

	if (flags & MAP_FIXED) {
		if (cohmap_colour_of(addr, span) != want) {
			dev_dbg(dev, "cohmap: MAP_FIXED at %#lx refused: the data cache aliases and the kernel maps this buffer at colour %#lx of %#lx; use an address congruent with it\n",
				addr, want, span);
			return -EINVAL;
		}
		return cohmap_mm_get_unmapped_area(file, addr, len, pgoff,
						   flags);
	}

	return cohmap_place(file, addr, len, pgoff, flags, span, want);
}

/**
 * cohmap_buffer_get_unmapped_area() - cohmap_get_unmapped_area() for a buffer
 * @buf: the buffer the mapping will show
 * @offset: byte offset into @buf of the mapping's first byte, as the
 *	driver will pass it to cohmap_buffer_mmap()
 * @file: as passed to f_op->get_unmapped_area
 * @addr: as passed
 * @len: as passed
 * @pgoff: as passed
 * @flags: as passed
 *
 * Buffers whose policy is COHMAP_POLICY_COLOUR are only mapped at
 * congruent addresses (cohmap_buffer_mmap() refuses others), so a driver
 * whose buffers may get that policy must place its mappings with this.
 * Where the kernel has huge pfnmaps, it also places mappings of
 * physically contiguous buffers congruent with their physical address
 * modulo PMD_SIZE (unless MAP_FIXED), so they get PMD entries.
 *
 * Context: as cohmap_get_unmapped_area().
 * Return: as cohmap_get_unmapped_area(); an @offset beyond the buffer is
 * placed as if the cache could not alias (the mmap() then fails anyway).
 */
unsigned long cohmap_buffer_get_unmapped_area(struct cohmap_buffer *buf,
					      unsigned long offset,
					      struct file *file,
					      unsigned long addr,
					      unsigned long len,
					      unsigned long pgoff,
					      unsigned long flags)
{
	/* Freeing clears vaddr; the mmap() that follows then fails anyway. */
	void *vaddr = READ_ONCE(buf->vaddr);
	unsigned long span, want;

	if (offset >= buf->size || !vaddr)
		return cohmap_mm_get_unmapped_area(file, addr, len, pgoff,
						   flags);
	span = cohmap_buf_huge_span(to_cohmap_buf(buf), offset, len, &want);
	if (span && !(flags & MAP_FIXED))
		return cohmap_place(file, addr, len, pgoff, flags, span, want);
	return cohmap_get_unmapped_area(buf->dev, (u8 *)vaddr + offset,
					file, addr, len, pgoff, flags);
}
