// SPDX-License-Identifier: GPL-2.0
/*
 * The stateless drop-in for dma_mmap_coherent(), and the checks every
 * cohmap mapping passes before any page is mapped.
 */
#include <linux/device.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include "internal.h"

/**
 * cohmap_check_vma() - may @vma map @size bytes of a buffer from @offset?
 * @dev: device, for the debug line
 * @vma: the mapping being set up
 * @size: buffer size in bytes
 * @offset: byte offset into the buffer of the vma's first byte
 * @flags: COHMAP_RDONLY refuses writable mappings
 *
 * Return: 0, -EINVAL (private mapping, unaligned offset, bad size),
 * -ENXIO (beyond the buffer) or -EPERM (write to a read-only buffer).
 */
int cohmap_check_vma(struct device *dev, struct vm_area_struct *vma,
		     size_t size, unsigned long offset, unsigned int flags)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long end;

	if (!size || PAGE_ALIGN(size) < size) {
		dev_dbg(dev, "cohmap: buffer size %zu cannot be mapped\n", size);
		return -EINVAL;
	}
	if (offset & ~PAGE_MASK) {
		dev_dbg(dev, "cohmap: offset %#lx is not page aligned\n", offset);
		return -EINVAL;
	}
	if (check_add_overflow(offset, len, &end) || end > PAGE_ALIGN(size)) {
		dev_dbg(dev, "cohmap: %#lx bytes at offset %#lx exceed the %zu-byte buffer\n",
			len, offset, size);
		return -ENXIO;
	}
	if (!(vma->vm_flags & VM_SHARED)) {
		dev_dbg(dev, "cohmap: MAP_PRIVATE would copy-on-write DMA memory\n");
		return -EINVAL;
	}
	if ((flags & COHMAP_RDONLY) && (vma->vm_flags & VM_WRITE)) {
		dev_dbg(dev, "cohmap: writable mapping of a read-only buffer\n");
		return -EPERM;
	}
	return 0;
}

/**
 * cohmap_set_vm_flags() - the vma flags every cohmap mapping carries
 * @vma: a vma that passed cohmap_check_vma()
 * @flags: COHMAP_* flags of the buffer
 *
 * No growing by mremap() past the buffer, no core dumps of device memory;
 * a read-only buffer can never become writable through mprotect(); an
 * exclusive one is not inherited by a child process.
 */
void cohmap_set_vm_flags(struct vm_area_struct *vma, unsigned int flags)
{
	cohmap_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	if (flags & COHMAP_RDONLY)
		cohmap_vm_flags_clear(vma, VM_MAYWRITE);
	if (flags & COHMAP_EXCLUSIVE)
		cohmap_vm_flags_set(vma, VM_DONTCOPY);
}

/**
 * cohmap_mmap_coherent_at() - map part of a coherent buffer, given its offset
 * @dev: device the buffer was allocated for with dma_alloc_coherent()
 * @vma: the vma passed to the driver's f_op->mmap
 * @cpu_addr: kernel address returned by dma_alloc_coherent()
 * @dma_addr: DMA address returned by dma_alloc_coherent()
 * @size: size passed to dma_alloc_coherent()
 * @offset: byte offset into the buffer for the vma's first byte; drivers
 *	that use vm_pgoff as a cookie compute it themselves
 * @flags: COHMAP_RDONLY to refuse writable mappings; nothing else
 *
 * Like dma_mmap_coherent(), the caller must keep the buffer allocated until
 * every user mapping of it is gone; struct cohmap_buffer lifts that duty.
 * Unlike it, this checks dma_can_mmap(), bounds-checks against the buffer,
 * refuses MAP_PRIVATE, and says why it refused (dev_dbg).
 *
 * Context: process context, from f_op->mmap (mmap_lock held for writing).
 * Return: 0 or a negative errno: -EINVAL, -ENXIO, -EPERM as for the
 * checks (and -EINVAL for any other flag, or, where the data cache
 * aliases, for a @vma not colour-congruent with @cpu_addr: see
 * cohmap_get_unmapped_area()), -ENXIO if the device cannot be mapped at
 * all, or the DMA layer's error.
 */
int cohmap_mmap_coherent_at(struct device *dev, struct vm_area_struct *vma,
			    void *cpu_addr, dma_addr_t dma_addr, size_t size,
			    unsigned long offset, unsigned int flags)
{
	pgoff_t file_pgoff;
	const char *why;
	int ret;

	if (flags & ~COHMAP_RDONLY) {
		dev_dbg(dev, "cohmap: flags %#x need a cohmap_buffer\n", flags);
		return -EINVAL;
	}
	if (cohmap_choose_policy(dev, 0, COHMAP_STATELESS, &why) ==
	    COHMAP_POLICY_REFUSE) {
		dev_dbg(dev, "cohmap: refused: %s\n", why);
		return -ENXIO;
	}
	ret = cohmap_check_vma(dev, vma, size, offset, flags);
	if (ret)
		return ret;
	if (!cohmap_colour_congruent(dev, (u8 *)cpu_addr + offset,
				     vma->vm_start)) {
		dev_dbg(dev, "cohmap: user address %#lx is not colour-congruent with the kernel's; place it with cohmap_get_unmapped_area()\n",
			vma->vm_start);
		return -EINVAL;
	}

	cohmap_set_vm_flags(vma, flags);
	/*
	 * dma_mmap_attrs() reads the buffer offset from vm_pgoff; the file
	 * offset goes back after, so the driver can still find (and zap)
	 * the mapping by the offset user space used.
	 */
	file_pgoff = vma->vm_pgoff;
	vma->vm_pgoff = offset >> PAGE_SHIFT;
	ret = dma_mmap_attrs(dev, vma, cpu_addr, dma_addr, size, 0);
	vma->vm_pgoff = file_pgoff;
	if (ret)
		dev_dbg(dev, "cohmap: dma_mmap_attrs() failed: %d\n", ret);
	return ret;
}

/**
 * cohmap_mmap_coherent() - drop-in for dma_mmap_coherent()
 * @dev: device the buffer was allocated for with dma_alloc_coherent()
 * @vma: the vma passed to the driver's f_op->mmap; vm_pgoff is the page
 *	offset into the buffer
 * @cpu_addr: kernel address returned by dma_alloc_coherent()
 * @dma_addr: DMA address returned by dma_alloc_coherent()
 * @size: size passed to dma_alloc_coherent()
 *
 * cohmap_mmap_coherent_at() with the offset taken from vm_pgoff.
 *
 * Context: process context, from f_op->mmap.
 * Return: 0 or a negative errno, as cohmap_mmap_coherent_at().
 */
int cohmap_mmap_coherent(struct device *dev, struct vm_area_struct *vma,
			 void *cpu_addr, dma_addr_t dma_addr, size_t size)
{
	if (vma->vm_pgoff > ULONG_MAX >> PAGE_SHIFT) {
		dev_dbg(dev, "cohmap: page offset %#lx overflows\n", vma->vm_pgoff);
		return -ENXIO;
	}
	return cohmap_mmap_coherent_at(dev, vma, cpu_addr, dma_addr, size,
				       vma->vm_pgoff << PAGE_SHIFT, 0);
}
