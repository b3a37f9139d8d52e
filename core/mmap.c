// SPDX-License-Identifier: GPL-2.0
/*
 * The stateless drop-in for dma_mmap_coherent(), and the checks every
 * cohmap mapping passes before any page is mapped.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/scatterlist.h>
#include "internal.h"

/**
 * cohmap_check_map() - may a mapping of @len bytes map a buffer at @offset?
 * @dev: device, for the debug line
 * @len: length of the mapping in bytes
 * @shared: whether the mapping is MAP_SHARED: test VM_MAYSHARE, not
 *	VM_SHARED, which mmap() drops from a shared mapping of a file opened
 *	read-only (VM_MAYWRITE goes too, so it can never be written or
 *	copied on write)
 * @writable: whether it is writable now
 * @size: buffer size in bytes
 * @offset: byte offset into the buffer of the mapping's first byte
 * @flags: COHMAP_RDONLY refuses writable mappings
 *
 * The one set of checks for both entry points, ->mmap (a vma) and
 * ->mmap_prepare (a vm_area_desc).
 *
 * Return: 0, -EINVAL (private mapping, unaligned offset, bad size),
 * -ENXIO (beyond the buffer) or -EPERM (write to a read-only buffer).
 */
int cohmap_check_map(struct device *dev, unsigned long len, bool shared,
		     bool writable, size_t size, unsigned long offset,
		     unsigned int flags)
{
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
	if (!shared) {
		dev_dbg(dev, "cohmap: MAP_PRIVATE would copy-on-write DMA memory\n");
		return -EINVAL;
	}
	if ((flags & COHMAP_RDONLY) && writable) {
		dev_dbg(dev, "cohmap: writable mapping of a read-only buffer\n");
		return -EPERM;
	}
	return 0;
}

/**
 * cohmap_set_vm_flags() - the vma flags every cohmap mapping carries
 * @vma: a vma that passed cohmap_check_map()
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

/*
 * Everything the stateless calls check before mapping: a mapping of @len
 * bytes at user address @start shows @size bytes at @cpu_addr from
 * byte @offset.
 */
static int cohmap_stateless_check(struct device *dev, unsigned long start,
				  unsigned long len, bool shared,
				  bool writable, void *cpu_addr, size_t size,
				  unsigned long offset, unsigned int flags)
{
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
	ret = cohmap_check_map(dev, len, shared, writable, size, offset, flags);
	if (ret)
		return ret;
	if (!cohmap_colour_congruent(dev, (u8 *)cpu_addr + offset, start)) {
		dev_dbg(dev, "cohmap: user address %#lx is not colour-congruent with the kernel mapping; place it with cohmap_get_unmapped_area()\n",
			start);
		return -EINVAL;
	}
	return 0;
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
 * Also like it, the mapping has no fault handler. Where the DMA layer maps
 * the buffer page by page (an IOMMU-remapped buffer: vm_map_pages(), a
 * VM_MIXEDMAP vma), madvise(MADV_DONTNEED) is allowed on it and what it
 * drops is never mapped again: later accesses raise SIGBUS although the
 * buffer is alive. A struct cohmap_buffer faults its pages back in.
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
	enum cohmap_memtype mt;
	pgoff_t file_pgoff;
	int ret;

	ret = cohmap_stateless_check(dev, vma->vm_start,
				     vma->vm_end - vma->vm_start,
				     vma->vm_flags & VM_MAYSHARE,
				     vma->vm_flags & VM_WRITE, cpu_addr, size,
				     offset, flags);
	if (ret)
		return ret;

	cohmap_set_vm_flags(vma, flags);
	/*
	 * dma_mmap_attrs() reads the buffer offset from vm_pgoff; the file
	 * offset goes back after, so the driver can still find (and zap)
	 * the mapping by the offset user space used.
	 */
	file_pgoff = vma->vm_pgoff;
	/* dma_pgprot() keeps it for a coherent device: a pool's WC. */
	if (!cohmap_user_memtype(dev, 0, &mt, NULL))
		cohmap_memtype_prot(mt, &vma->vm_page_prot);
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

#if COHMAP_HAVE_MMAP_PREPARE
/**
 * cohmap_set_desc_flags() - cohmap_set_vm_flags() for a vm_area_desc
 * @desc: a descriptor that passed cohmap_check_map()
 * @flags: COHMAP_* flags of the buffer
 */
void cohmap_set_desc_flags(struct vm_area_desc *desc, unsigned int flags)
{
	vma_desc_set_flags(desc, VMA_DONTEXPAND_BIT, VMA_DONTDUMP_BIT);
	if (flags & COHMAP_RDONLY)
		vma_desc_clear_flags(desc, VMA_MAYWRITE_BIT);
	if (flags & COHMAP_EXCLUSIVE)
		vma_desc_set_flags(desc, VMA_DONTCOPY_BIT);
}

/*
 * The pages behind bytes [@offset, @offset + @len) of a coherent buffer,
 * from the DMA layer's own description of it (never arithmetic on the
 * kernel address), in an array from kvmalloc(); NULL if it gives none.
 */
static struct page **cohmap_range_pages(struct device *dev, void *cpu_addr,
					dma_addr_t dma_addr, size_t size,
					unsigned long offset, unsigned long len)
{
	unsigned long first = offset >> PAGE_SHIFT, n = len >> PAGE_SHIFT;
	unsigned long i = 0, got = 0, k, seg;
	struct scatterlist *sg;
	struct sg_table sgt;
	struct page **pages;
	int s;

	if (dma_get_sgtable_attrs(dev, &sgt, cpu_addr, dma_addr, size, 0))
		return NULL;
	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	for_each_sg(sgt.sgl, sg, sgt.orig_nents, s) {
		seg = PAGE_ALIGN(sg->offset + sg->length) >> PAGE_SHIFT;
		for (k = 0; k < seg && pages && got < n; k++, i++) {
			if (i < first)
				continue;
			pages[got++] = pfn_to_page(page_to_pfn(sg_page(sg)) + k);
		}
	}
	sg_free_table(&sgt);
	if (pages && got != n) {
		kvfree(pages);
		pages = NULL;
	}
	return pages;
}

static bool cohmap_pages_contiguous(struct page **pages, unsigned long n)
{
	unsigned long i;

	for (i = 1; i < n; i++)
		if (page_to_pfn(pages[i]) != page_to_pfn(pages[0]) + i)
			return false;
	return true;
}

/*
 * A buffer that is not physically contiguous (an IOMMU-backed one, whose
 * pages the DMA layer allocated one by one) is mapped page by page, as
 * iommu_dma_mmap() does it; the page array lives until the kernel has
 * inserted them (->mapped), or until the vma goes if it never got there.
 */
static int cohmap_pages_mapped(unsigned long start, unsigned long end,
			       pgoff_t pgoff, const struct file *file,
			       void **priv)
{
	kvfree(*priv);
	*priv = NULL;
	return 0;
}

static void cohmap_pages_close(struct vm_area_struct *vma)
{
	kvfree(vma->vm_private_data);
}

static const struct vm_operations_struct cohmap_pages_vm_ops = {
	.mapped = cohmap_pages_mapped,
	.close = cohmap_pages_close,
};

/*
 * A pool is one physically contiguous range, mapped whole by the kernel:
 * one remap from the pfn its kernel mapping gives (core/pool.c).
 */
static int cohmap_pool_remap_prepare(struct device *dev,
				     struct vm_area_desc *desc, void *cpu_addr,
				     unsigned long offset, unsigned int flags)
{
	unsigned long pfn;

	if (cohmap_pool_pfns((u8 *)cpu_addr + offset, &pfn, 1)) {
		dev_dbg(dev, "cohmap: only the DMA layer can read this pool's pfns; it needs f_op->mmap\n");
		return -EOPNOTSUPP;
	}
	cohmap_set_desc_flags(desc, flags);
	mmap_action_remap_full(desc, pfn);
	return 0;
}

/**
 * cohmap_mmap_coherent_prepare_at() - cohmap_mmap_coherent_at() for
 *	f_op->mmap_prepare
 * @dev: device the buffer was allocated for with dma_alloc_coherent()
 * @desc: the descriptor passed to the driver's f_op->mmap_prepare
 * @cpu_addr: kernel address returned by dma_alloc_coherent()
 * @dma_addr: DMA address returned by dma_alloc_coherent()
 * @size: size passed to dma_alloc_coherent()
 * @offset: byte offset into the buffer for the mapping's first byte
 * @flags: COHMAP_RDONLY to refuse writable mappings; nothing else
 *
 * For kernels whose drivers set mappings up in f_op->mmap_prepare (7.x;
 * COHMAP_HAVE_MMAP_PREPARE is then 1): the same checks as
 * cohmap_mmap_coherent_at(), then the kernel maps the range once the vma
 * exists, with the pages the DMA layer reports and the user pgprot of the
 * architecture: one remap where they are physically contiguous
 * (mmap_action_remap()), else page by page as the DMA layer itself does
 * (mmap_action_map_kernel_pages()). The contract is dma_mmap_coherent()'s:
 * keep the buffer until every mapping is gone.
 *
 * Context: process context, from f_op->mmap_prepare.
 * Return: as cohmap_mmap_coherent_at(); -EOPNOTSUPP where only the DMA
 * layer can map the buffer (policy d: it needs a vma, so keep f_op->mmap
 * or use a struct cohmap_buffer), -ENOMEM.
 */
int cohmap_mmap_coherent_prepare_at(struct device *dev,
				    struct vm_area_desc *desc, void *cpu_addr,
				    dma_addr_t dma_addr, size_t size,
				    unsigned long offset, unsigned int flags)
{
	unsigned long len = vma_desc_size(desc);
	enum cohmap_memtype mt;
	struct page **pages;
	const char *why;
	int ret;

	ret = cohmap_stateless_check(dev, desc->start, len,
				     vma_desc_test(desc, VMA_MAYSHARE_BIT),
				     vma_desc_test(desc, VMA_WRITE_BIT),
				     cpu_addr, size, offset, flags);
	if (ret)
		return ret;
	ret = cohmap_user_memtype(dev, 0, &mt, &why);
	if (ret) {
		dev_dbg(dev, "cohmap: only the DMA layer can map this (%s); it needs f_op->mmap\n",
			why);
		return -EOPNOTSUPP;
	}
	cohmap_memtype_prot(mt, &desc->page_prot);
	if (cohmap_dev_coherent_pool(dev))
		return cohmap_pool_remap_prepare(dev, desc, cpu_addr, offset,
						 flags);
	pages = cohmap_range_pages(dev, cpu_addr, dma_addr, size, offset, len);
	if (!pages) {
		dev_dbg(dev, "cohmap: the DMA layer gives no pages for this buffer\n");
		return -ENOMEM;
	}

	cohmap_set_desc_flags(desc, flags);
	if (cohmap_pages_contiguous(pages, len >> PAGE_SHIFT)) {
		mmap_action_remap_full(desc, page_to_pfn(pages[0]));
		kvfree(pages);
		return 0;
	}
	desc->vm_ops = &cohmap_pages_vm_ops;
	desc->private_data = pages;
	mmap_action_map_kernel_pages_full(desc, pages);
	return 0;
}

/**
 * cohmap_mmap_coherent_prepare() - drop-in for dma_mmap_coherent(), for
 *	f_op->mmap_prepare
 * @dev: device the buffer was allocated for with dma_alloc_coherent()
 * @desc: the descriptor passed to f_op->mmap_prepare; desc->pgoff is the
 *	page offset into the buffer
 * @cpu_addr: kernel address returned by dma_alloc_coherent()
 * @dma_addr: DMA address returned by dma_alloc_coherent()
 * @size: size passed to dma_alloc_coherent()
 *
 * Context: process context, from f_op->mmap_prepare.
 * Return: as cohmap_mmap_coherent_prepare_at().
 */
int cohmap_mmap_coherent_prepare(struct device *dev, struct vm_area_desc *desc,
				 void *cpu_addr, dma_addr_t dma_addr,
				 size_t size)
{
	if (desc->pgoff > ULONG_MAX >> PAGE_SHIFT) {
		dev_dbg(dev, "cohmap: page offset %#lx overflows\n", desc->pgoff);
		return -ENXIO;
	}
	return cohmap_mmap_coherent_prepare_at(dev, desc, cpu_addr, dma_addr,
					       size, desc->pgoff << PAGE_SHIFT,
					       0);
}
#endif /* COHMAP_HAVE_MMAP_PREPARE */
