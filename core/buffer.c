// SPDX-License-Identifier: GPL-2.0
/*
 * Buffer objects: coherent allocations whose user mappings cohmap owns.
 *
 * Lifetime rules, which together mean no user mapping outlives the memory:
 *  - each user vma holds a reference on the tracking state (not the
 *    memory), so its fault handler never touches freed state;
 *  - revoking marks the buffer under revoke_sem, which faults hold for
 *    reading, waits for mmap() calls that mapped pages before their vma
 *    was visible, then zaps every file range it was mapped through; from
 *    then on every access raises SIGBUS;
 *  - freeing revokes first, so the DMA memory goes back to the DMA layer
 *    with no pte left pointing at it, exactly once, whoever frees it (the
 *    driver, or devres when the device is unbound).
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include "internal.h"

#define COHMAP_BUF_FLAGS (COHMAP_RDONLY | COHMAP_EXCLUSIVE | COHMAP_POPULATE)

/* How many buffer pages from @idx on, at most @max, are physically contiguous. */
static unsigned long cohmap_run(const struct cohmap_buf *buf, pgoff_t idx,
				unsigned long max)
{
	unsigned long n = 1;

	while (n < max && buf->pfns[idx + n] == buf->pfns[idx] + n)
		n++;
	return n;
}

/*
 * The pfns come from the DMA layer's own description of the buffer, never
 * from arithmetic on the kernel address: that is what is wrong under an
 * IOMMU, with remapped non-coherent memory, or with dma-ranges offsets.
 */
static int cohmap_buf_sgtable_pfns(struct cohmap_buf *buf)
{
	struct cohmap_buffer *pub = &buf->pub;
	struct scatterlist *sg;
	struct sg_table sgt;
	unsigned long i = 0, k, n;
	int ret, s;

	ret = dma_get_sgtable_attrs(pub->dev, &sgt, pub->vaddr, pub->dma_addr,
				    pub->size, buf->attrs);
	if (ret)
		return ret;
	for_each_sg(sgt.sgl, sg, sgt.orig_nents, s) {
		n = PAGE_ALIGN(sg->offset + sg->length) >> PAGE_SHIFT;
		for (k = 0; k < n && i < buf->npages; k++)
			buf->pfns[i++] = page_to_pfn(sg_page(sg)) + k;
	}
	sg_free_table(&sgt);
	return i == buf->npages ? 0 : -EIO;
}

/* A per-device pool's pfns come from the kernel's mapping (core/pool.c). */
static int cohmap_buf_get_pfns(struct cohmap_buf *buf)
{
	unsigned long i, k;
	int ret;

	buf->pfns = kvmalloc_array(buf->npages, sizeof(*buf->pfns), GFP_KERNEL);
	if (!buf->pfns)
		return -ENOMEM;
	if (cohmap_dev_coherent_pool(buf->pub.dev))
		ret = cohmap_pool_pfns(buf->pub.vaddr, buf->pfns, buf->npages);
	else
		ret = cohmap_buf_sgtable_pfns(buf);
	if (ret) {
		kvfree(buf->pfns);
		buf->pfns = NULL;
		return ret;
	}
	for (i = 0; i < buf->npages; i += k) {
		k = cohmap_run(buf, i, buf->npages - i);
		buf->max_run = max(buf->max_run, k);
	}
	return 0;
}

static void cohmap_buf_drop_populators(struct cohmap_buf *buf)
{
	struct cohmap_populator *p, *tmp;

	list_for_each_entry_safe(p, tmp, &buf->populators, node) {
		mmdrop(p->mm);
		kfree(p);
	}
	INIT_LIST_HEAD(&buf->populators);
}

static void cohmap_buf_release(struct kref *ref)
{
	struct cohmap_buf *buf = container_of(ref, struct cohmap_buf, ref);
	struct cohmap_window *win, *tmp;

	cohmap_debugfs_del(buf);
	cohmap_buf_drop_populators(buf);
	list_for_each_entry_safe(win, tmp, &buf->windows, node) {
		iput(win->mapping->host);
		kfree(win);
	}
	kvfree(buf->pfns);
	kfree(buf);
}

static void cohmap_buf_put(struct cohmap_buf *buf)
{
	kref_put(&buf->ref, cohmap_buf_release);
}

static void cohmap_vm_open(struct vm_area_struct *vma)
{
	struct cohmap_window *win = vma->vm_private_data;
	struct cohmap_buf *buf = win->buf;

	kref_get(&buf->ref);
	spin_lock(&buf->vma_lock);
	buf->nr_vmas++;
	spin_unlock(&buf->vma_lock);
}

static void cohmap_vm_close(struct vm_area_struct *vma)
{
	struct cohmap_window *win = vma->vm_private_data;
	struct cohmap_buf *buf = win->buf;

	spin_lock(&buf->vma_lock);
	if (!--buf->nr_vmas) {
		/* COHMAP_EXCLUSIVE: the next address space may take over. */
		buf->owner = NULL;
		buf->owner_pid = 0;
	}
	spin_unlock(&buf->vma_lock);
	cohmap_buf_put(buf);
}

static vm_fault_t cohmap_insert(struct cohmap_buf *buf,
				struct vm_area_struct *vma, unsigned long addr,
				pgoff_t idx)
{
	if (!buf->pfns[idx])		/* never learned: see cohmap_buf_learn_pfns() */
		return VM_FAULT_SIGBUS;
	if (vma->vm_flags & VM_MIXEDMAP)
		return cohmap_insert_mixed(vma, addr, buf->pfns[idx]);
	return vmf_insert_pfn_prot(vma, addr, buf->pfns[idx], vma->vm_page_prot);
}

/* The buffer page that user address @addr of @vma shows. */
static pgoff_t cohmap_vma_idx(struct vm_area_struct *vma,
			      const struct cohmap_window *win,
			      unsigned long addr)
{
	return vma->vm_pgoff - win->base + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

/*
 * Map user pages [@start, @end) of @vma, which show buffer pages from
 * @idx on, one vmf_insert_pfn_prot() per page: a fault handler may not
 * call remap_pfn_range(), which changes the vma's flags.
 */
static vm_fault_t cohmap_insert_range(struct cohmap_buf *buf,
				      struct vm_area_struct *vma,
				      unsigned long start, unsigned long end,
				      pgoff_t idx)
{
	vm_fault_t ret = VM_FAULT_NOPAGE;

	for (; start < end && ret == VM_FAULT_NOPAGE; start += PAGE_SIZE)
		ret = cohmap_insert(buf, vma, start, idx++);
	return ret;
}

/* Policy (a), and (c) asked to populate: all of a vma at once. */
static bool cohmap_buf_populates(const struct cohmap_buf *buf)
{
	return buf->policy == COHMAP_POLICY_REMAP ||
	       (buf->policy == COHMAP_POLICY_COLOUR &&
		(buf->flags & COHMAP_POPULATE));
}

/*
 * Under revoke_sem: may @vma, whose page @addr faulted, be mapped? Not
 * once revoked, and never beyond the buffer.
 */
static bool cohmap_fault_ok(struct cohmap_buf *buf,
			    struct vm_area_struct *vma,
			    const struct cohmap_window *win, unsigned long addr)
{
	return !buf->revoked && buf->pfns &&
	       cohmap_vma_idx(vma, win, addr) < buf->npages &&
	       vma->vm_pgoff - win->base + vma_pages(vma) <= buf->npages;
}

/*
 * Whether the naturally aligned block of 2^@order pages at user address
 * @addr gets one huge entry: the kernel maps huge pfnmaps, the block lies
 * inside @vma, one of cohmap's own (a) or (b) pfnmaps, and the buffer
 * pages it shows are physically contiguous and aligned like it. The same
 * answer every time for a given vma, so pte fills can leave such blocks
 * to ->huge_fault. Under revoke_sem, after cohmap_fault_ok().
 */
static bool cohmap_block_huge(struct cohmap_buf *buf,
			      struct vm_area_struct *vma,
			      const struct cohmap_window *win,
			      unsigned long addr, unsigned int order)
{
	unsigned long nr = 1UL << order;
	pgoff_t idx;

	if (!cohmap_huge_pfnmap() || !(vma->vm_flags & VM_PFNMAP) ||
	    (buf->policy != COHMAP_POLICY_REMAP &&
	     buf->policy != COHMAP_POLICY_FAULT) ||
	    addr < vma->vm_start || addr + (nr << PAGE_SHIFT) > vma->vm_end)
		return false;
	idx = cohmap_vma_idx(vma, win, addr);
	/* A buffer that is one run (no IOMMU) needs no walk of its pfns. */
	return IS_ALIGNED(buf->pfns[idx], nr) &&
	       (buf->max_run >= buf->npages || cohmap_run(buf, idx, nr) == nr);
}

/*
 * A populating vma that faults had its ptes zapped, or was set up by
 * ->mmap_prepare without a remap action: the whole vma, except PMD blocks
 * that take a huge entry each on their own fault (filling them with ptes
 * would keep them from it).
 */
static vm_fault_t cohmap_populate(struct cohmap_buf *buf,
				  struct vm_area_struct *vma,
				  const struct cohmap_window *win)
{
	unsigned long start = vma->vm_start, end;
	vm_fault_t ret = VM_FAULT_NOPAGE;

	for (; start < vma->vm_end && ret == VM_FAULT_NOPAGE; start = end) {
		end = min(vma->vm_end, ALIGN_DOWN(start, PMD_SIZE) + PMD_SIZE);
		if (!cohmap_block_huge(buf, vma, win,
				       ALIGN_DOWN(start, PMD_SIZE),
				       PMD_SHIFT - PAGE_SHIFT))
			ret = cohmap_insert_range(buf, vma, start, end,
						  cohmap_vma_idx(vma, win, start));
	}
	return ret;
}

/* Policy (b): the COHMAP_FAULT_AROUND-page aligned window around @addr. */
static vm_fault_t cohmap_fault_around(struct cohmap_buf *buf,
				      struct vm_area_struct *vma,
				      const struct cohmap_window *win,
				      unsigned long addr)
{
	unsigned long span = (unsigned long)COHMAP_FAULT_AROUND << PAGE_SHIFT;
	unsigned long start = max(vma->vm_start, ALIGN_DOWN(addr, span));
	unsigned long end = min(vma->vm_end, ALIGN_DOWN(addr, span) + span);

	return cohmap_insert_range(buf, vma, start, end,
				   cohmap_vma_idx(vma, win, start));
}

static vm_fault_t cohmap_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct cohmap_window *win = vma->vm_private_data;
	struct cohmap_buf *buf = win->buf;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	down_read(&buf->revoke_sem);
	if (!cohmap_fault_ok(buf, vma, win, vmf->address))
		goto out;
	if (cohmap_buf_populates(buf))
		ret = cohmap_populate(buf, vma, win);
	else
		ret = cohmap_fault_around(buf, vma, win, vmf->address);
out:
	up_read(&buf->revoke_sem);
	return ret;
}

/*
 * One PMD (order PMD_ORDER) or PUD entry for the block around the fault,
 * where cohmap_block_huge() says so; otherwise the kernel falls back to
 * ptes, through cohmap_vm_fault(). The entry carries the vma's pgprot,
 * which cohmap_user_memtype() decided at allocation, like every pte.
 */
static vm_fault_t __maybe_unused cohmap_vm_huge_fault(struct vm_fault *vmf,
						      unsigned int order)
{
	struct vm_area_struct *vma = vmf->vma;
	struct cohmap_window *win = vma->vm_private_data;
	struct cohmap_buf *buf = win->buf;
	unsigned long addr = ALIGN_DOWN(vmf->address, PAGE_SIZE << order);
	vm_fault_t ret = VM_FAULT_SIGBUS;
	bool write;

	/* Writable now if the vma is: no second fault to upgrade it. */
	write = (vmf->flags & FAULT_FLAG_WRITE) || (vma->vm_flags & VM_WRITE);

	down_read(&buf->revoke_sem);
	if (!cohmap_fault_ok(buf, vma, win, vmf->address))
		goto out;
	ret = VM_FAULT_FALLBACK;
	if (cohmap_block_huge(buf, vma, win, addr, order))
		ret = cohmap_insert_huge(vmf, buf->pfns[cohmap_vma_idx(vma, win, addr)],
					 order, write);
out:
	up_read(&buf->revoke_sem);
	return ret;
}

static const struct vm_operations_struct cohmap_vm_ops = {
	.open = cohmap_vm_open,
	.close = cohmap_vm_close,
	.fault = cohmap_vm_fault,
	COHMAP_VM_OPS_HUGE_FAULT(cohmap_vm_huge_fault)
};

struct cohmap_pte_pfns {
	unsigned long *pfns;		/* of the buffer, from page 0 */
	unsigned long start;		/* user address of buffer page 0 */
};

static int cohmap_pte_pfn(pte_t *ptep, unsigned long addr, void *data)
{
	struct cohmap_pte_pfns *p = data;
	pte_t pte = ptep_get(ptep);

	if (pte_present(pte))
		p->pfns[(addr - p->start) >> PAGE_SHIFT] = pte_pfn(pte);
	return 0;
}

/*
 * A buffer whose pfns only the DMA layer can read (a per-device pool on a
 * kernel that cannot read the pool's kernel mapping): learn them from the
 * ptes the DMA layer has just made for @vma, buffer pages from @first on.
 * Revocation zaps by file range, which also zaps other buffers mapped at
 * the same offsets of the same file; their faults must map them again.
 */
static void cohmap_buf_learn_pfns(struct cohmap_buf *buf,
				  struct vm_area_struct *vma, pgoff_t first)
{
	struct cohmap_pte_pfns p = {
		.start = vma->vm_start - (first << PAGE_SHIFT),
	};

	if (!buf->pfns)
		buf->pfns = kvcalloc(buf->npages, sizeof(*buf->pfns),
				     GFP_KERNEL);
	if (!buf->pfns)
		return;
	p.pfns = buf->pfns;
	apply_to_page_range(vma->vm_mm, vma->vm_start,
			    vma->vm_end - vma->vm_start, cohmap_pte_pfn, &p);
}

/* Policy (d): the DMA layer maps; it reads the buffer offset from vm_pgoff. */
static int cohmap_buf_dma_mmap(struct cohmap_buf *buf,
			       struct vm_area_struct *vma, pgoff_t first)
{
	pgoff_t file_pgoff = vma->vm_pgoff;
	int ret;

	/* dma_pgprot() keeps it for a coherent device: a pool's WC. */
	cohmap_memtype_prot(buf->memtype, &vma->vm_page_prot);
	vma->vm_pgoff = first;
	ret = dma_mmap_attrs(buf->pub.dev, vma, buf->pub.vaddr,
			     buf->pub.dma_addr, buf->pub.size, buf->attrs);
	vma->vm_pgoff = file_pgoff;
	if (!ret && buf->learns_pfns)
		cohmap_buf_learn_pfns(buf, vma, first);
	return ret;
}

/*
 * User pages [@addr, @end) of @vma, one remap_pfn_range() per physically
 * contiguous run: a range, not page by page, so x86 PAT looks the memory
 * type up once per run.
 */
static int cohmap_buf_remap_range(struct cohmap_buf *buf,
				  struct vm_area_struct *vma,
				  const struct cohmap_window *win,
				  unsigned long addr, unsigned long end)
{
	unsigned long nr;
	pgoff_t idx;
	int ret = 0;

	for (; addr < end && !ret; addr += nr << PAGE_SHIFT) {
		idx = cohmap_vma_idx(vma, win, addr);
		nr = cohmap_run(buf, idx, (end - addr) >> PAGE_SHIFT);
		ret = remap_pfn_range(vma, addr, buf->pfns[idx],
				      nr << PAGE_SHIFT, vma->vm_page_prot);
	}
	return ret;
}

/*
 * A populating vma in mmap(), as dma_direct_mmap() maps, but for the PMD
 * blocks that take a huge entry, left to ->huge_fault. The caller
 * registered the mm as a populator, so a revoke racing with this mmap()
 * still zaps these ptes.
 */
static int cohmap_buf_remap(struct cohmap_buf *buf, struct vm_area_struct *vma,
			    const struct cohmap_window *win)
{
	unsigned int order = PMD_SHIFT - PAGE_SHIFT;
	unsigned long addr = vma->vm_start, end;
	int ret = 0;

	while (addr < vma->vm_end && !ret) {
		end = addr;
		while (end < vma->vm_end &&
		       !cohmap_block_huge(buf, vma, win,
					  ALIGN_DOWN(end, PMD_SIZE), order))
			end = min(vma->vm_end, ALIGN_DOWN(end, PMD_SIZE) + PMD_SIZE);
		if (end > addr)
			ret = cohmap_buf_remap_range(buf, vma, win, addr, end);
		else
			end = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
		addr = end;
	}
	return ret;
}

/*
 * The file range a mapping goes through (buffer page 0 at file page
 * @base), remembered so revocation can zap it.
 */
static struct cohmap_window *cohmap_buf_window(struct cohmap_buf *buf,
					       struct address_space *mapping,
					       pgoff_t base)
{
	struct cohmap_window *win;

	list_for_each_entry(win, &buf->windows, node)
		if (win->mapping == mapping && win->base == base)
			return win;

	win = kzalloc(sizeof(*win), GFP_KERNEL);
	if (!win)
		return NULL;
	win->mapping = mapping;
	win->base = base;
	win->buf = buf;
	ihold(mapping->host);
	list_add(&win->node, &buf->windows);
	return win;
}

/* Remember @mm so revoke can wait for its mmap() to finish linking. */
static int cohmap_buf_add_populator(struct cohmap_buf *buf,
				    struct mm_struct *mm)
{
	struct cohmap_populator *p, *tmp;

	list_for_each_entry_safe(p, tmp, &buf->populators, node) {
		if (p->mm == mm)
			return 0;
		/* An exited address space has no mmap() in flight. */
		if (!atomic_read(&p->mm->mm_users)) {
			list_del(&p->node);
			mmdrop(p->mm);
			kfree(p);
		}
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	mmgrab(mm);
	p->mm = mm;
	list_add(&p->node, &buf->populators);
	return 0;
}

/**
 * cohmap_buf_huge_span() - the block size huge entries of a mapping need
 * @buf: the buffer
 * @offset: byte offset into the buffer of the mapping's first byte
 * @len: the mapping's length in bytes
 * @want: out: the bits of the mapping's start below the block size that
 *	make it congruent with the buffer's physical address there
 *
 * Return: PMD_SIZE where the kernel maps huge pfnmaps and the buffer has
 * a physically contiguous run at least that long; else 0 (ptes only).
 */
unsigned long cohmap_buf_huge_span(struct cohmap_buf *buf,
				   unsigned long offset, unsigned long len,
				   unsigned long *want)
{
	if (!cohmap_huge_pfnmap() || !buf->pfns || len < PMD_SIZE ||
	    offset >= PAGE_ALIGN(buf->pub.size) ||
	    buf->max_run < PMD_SIZE >> PAGE_SHIFT ||
	    (buf->policy != COHMAP_POLICY_REMAP &&
	     buf->policy != COHMAP_POLICY_FAULT))
		return 0;
	*want = PFN_PHYS(buf->pfns[offset >> PAGE_SHIFT]) & (PMD_SIZE - 1);
	return PMD_SIZE;
}

/*
 * Under buf->lock: may @mm map @buf now? Not once revoked; and with
 * COHMAP_EXCLUSIVE, not while another address space maps it.
 */
static int cohmap_buf_admit(struct cohmap_buf *buf, struct mm_struct *mm)
{
	int ret = 0;

	lockdep_assert_held(&buf->lock);
	if (buf->revoked) {
		dev_dbg(buf->pub.dev, "cohmap: buffer was revoked\n");
		return -ENODEV;
	}
	spin_lock(&buf->vma_lock);
	if ((buf->flags & COHMAP_EXCLUSIVE) && buf->nr_vmas &&
	    buf->owner != mm) {
		dev_dbg(buf->pub.dev, "cohmap: exclusive buffer is mapped by pid %d\n",
			buf->owner_pid);
		ret = -EBUSY;
	}
	spin_unlock(&buf->vma_lock);
	return ret;
}

/* A new vma of @mm maps @buf; the caller gave it a reference. */
static void cohmap_buf_account(struct cohmap_buf *buf, struct mm_struct *mm)
{
	spin_lock(&buf->vma_lock);
	buf->nr_vmas++;
	buf->owner = mm;
	buf->owner_pid = task_tgid_nr(current);
	spin_unlock(&buf->vma_lock);
}

/*
 * Everything cohmap_buffer_mmap() and cohmap_buffer_mmap_prepare() check
 * before they lock the buffer: a mapping of @len bytes at user address
 * @start and file page @pgoff shows the buffer from byte @offset.
 */
static int cohmap_buf_check(struct cohmap_buf *buf, unsigned long start,
			    unsigned long len, pgoff_t pgoff, bool shared,
			    bool writable, unsigned long offset)
{
	struct device *dev = buf->pub.dev;
	int ret;

	if (buf->policy == COHMAP_POLICY_REFUSE) {
		dev_dbg(dev, "cohmap: refused: %s\n", buf->why);
		return -ENXIO;
	}
	ret = cohmap_check_map(dev, len, shared, writable, buf->pub.size,
			       offset, buf->flags);
	if (ret)
		return ret;
	if (pgoff < offset >> PAGE_SHIFT) {
		dev_dbg(dev, "cohmap: vm_pgoff %#lx is below the buffer offset\n",
			pgoff);
		return -EINVAL;
	}
	if (!cohmap_colour_congruent(dev, (u8 *)buf->pub.vaddr + offset,
				     start)) {
		dev_dbg(dev, "cohmap: user address %#lx is not colour-congruent with the kernel mapping; place it with cohmap_buffer_get_unmapped_area()\n",
			start);
		return -EINVAL;
	}
	return 0;
}

/**
 * cohmap_buffer_mmap() - map a buffer object into user space
 * @pub: the buffer, from cohmap_buffer_alloc()
 * @vma: the vma passed to the driver's f_op->mmap
 * @offset: byte offset into the buffer for the vma's first byte (page
 *	aligned); the driver derives it from vm_pgoff however it likes, as
 *	long as vm_pgoff >= @offset / PAGE_SIZE
 *
 * Picks up the policy chosen at allocation, checks the request (see
 * cohmap_check_map()), and maps. The vma keeps the tracking state alive,
 * never the memory: after cohmap_buffer_revoke() or cohmap_buffer_free()
 * every access through it raises SIGBUS.
 *
 * Context: process context, from f_op->mmap (mmap_lock held for writing).
 * Return: 0, or -EINVAL, -ENXIO, -EPERM as cohmap_check_map(); -EINVAL
 * if the data cache aliases and @vma is not colour-congruent with the
 * kernel's mapping (see cohmap_buffer_get_unmapped_area()); -ENXIO if
 * the policy is to refuse; -ENODEV once revoked or freed; -EBUSY if
 * COHMAP_EXCLUSIVE and another address space maps it; -ENOMEM.
 */
int cohmap_buffer_mmap(struct cohmap_buffer *pub, struct vm_area_struct *vma,
		       unsigned long offset)
{
	struct cohmap_buf *buf = to_cohmap_buf(pub);
	struct device *dev = pub->dev;
	pgoff_t first = offset >> PAGE_SHIFT;
	struct cohmap_window *win;
	int ret;

	ret = cohmap_buf_check(buf, vma->vm_start, vma->vm_end - vma->vm_start,
			       vma->vm_pgoff, vma->vm_flags & VM_MAYSHARE,
			       vma->vm_flags & VM_WRITE, offset);
	if (ret)
		return ret;

	mutex_lock(&buf->lock);
	ret = cohmap_buf_admit(buf, vma->vm_mm);
	if (ret)
		goto out;
	win = cohmap_buf_window(buf, vma->vm_file->f_mapping,
				vma->vm_pgoff - first);
	if (!win) {
		ret = -ENOMEM;
		goto out;
	}

	cohmap_set_vm_flags(vma, buf->flags);
	if (buf->policy == COHMAP_POLICY_DMA) {
		ret = cohmap_buf_add_populator(buf, vma->vm_mm);
		if (!ret)
			ret = cohmap_buf_dma_mmap(buf, vma, first);
	} else {
		cohmap_vm_flags_set(vma, VM_IO | VM_PFNMAP);
		cohmap_memtype_prot(buf->memtype, &vma->vm_page_prot);
		if (cohmap_buf_populates(buf)) {
			ret = cohmap_buf_add_populator(buf, vma->vm_mm);
			if (!ret)
				ret = cohmap_buf_remap(buf, vma, win);
		}
	}
	if (ret) {
		dev_dbg(dev, "cohmap: %s mapping failed: %d\n",
			cohmap_policy_name(buf->policy), ret);
		goto out;
	}
	vma->vm_private_data = win;
	vma->vm_ops = &cohmap_vm_ops;
	kref_get(&buf->ref);
	cohmap_buf_account(buf, vma->vm_mm);
out:
	mutex_unlock(&buf->lock);
	return ret;
}

#if COHMAP_HAVE_MMAP_PREPARE
/*
 * ->mmap_prepare runs before the vma exists, and the mapping can still
 * fail after it: the reference prepare takes is "pending" (the window
 * pointer carries COHMAP_WIN_PENDING) until ->mapped makes it the vma's,
 * accounted like one from cohmap_buffer_mmap(). A vma removed before that
 * (->mapped failed, or the mm's own error path) drops just the reference.
 */
#define COHMAP_WIN_PENDING	1UL

static bool cohmap_win_pending(void *priv)
{
	return (unsigned long)priv & COHMAP_WIN_PENDING;
}

static struct cohmap_window *cohmap_win_of(void *priv)
{
	return (struct cohmap_window *)((unsigned long)priv &
					~COHMAP_WIN_PENDING);
}

static int cohmap_vm_mapped(unsigned long start, unsigned long end,
			    pgoff_t pgoff, const struct file *file,
			    void **priv)
{
	struct cohmap_window *win = cohmap_win_of(*priv);
	struct cohmap_buf *buf = win->buf;
	int ret;

	mutex_lock(&buf->lock);
	ret = cohmap_buf_admit(buf, current->mm);
	if (!ret) {
		cohmap_buf_account(buf, current->mm);
		*priv = win;
	}
	mutex_unlock(&buf->lock);
	return ret;
}

static void cohmap_vm_close_prepared(struct vm_area_struct *vma)
{
	if (cohmap_win_pending(vma->vm_private_data))
		cohmap_buf_put(cohmap_win_of(vma->vm_private_data)->buf);
	else
		cohmap_vm_close(vma);
}

static vm_fault_t cohmap_vm_fault_prepared(struct vm_fault *vmf)
{
	if (cohmap_win_pending(vmf->vma->vm_private_data))
		return VM_FAULT_SIGBUS;
	return cohmap_vm_fault(vmf);
}

static vm_fault_t __maybe_unused
cohmap_vm_huge_fault_prepared(struct vm_fault *vmf, unsigned int order)
{
	if (cohmap_win_pending(vmf->vma->vm_private_data))
		return VM_FAULT_SIGBUS;
	return cohmap_vm_huge_fault(vmf, order);
}

static const struct vm_operations_struct cohmap_vm_ops_prepared = {
	.mapped = cohmap_vm_mapped,
	.open = cohmap_vm_open,
	.close = cohmap_vm_close_prepared,
	.fault = cohmap_vm_fault_prepared,
	COHMAP_VM_OPS_HUGE_FAULT(cohmap_vm_huge_fault_prepared)
};

/*
 * Under buf->lock: a populating mapping set up by ->mmap_prepare. Where
 * the buffer pages behind it are one physically contiguous run and no
 * huge entry is due, the kernel remaps it right after linking the vma,
 * before ->mapped (which refuses a buffer revoked meanwhile); as the mm is
 * a populator, a revoke and free waits for all that. Else faults populate.
 */
static int cohmap_buf_remap_action(struct cohmap_buf *buf,
				   struct vm_area_desc *desc,
				   unsigned long offset)
{
	unsigned long nr = vma_desc_pages(desc), want;
	pgoff_t first = offset >> PAGE_SHIFT;
	int ret;

	if (cohmap_buf_huge_span(buf, offset, nr << PAGE_SHIFT, &want) ||
	    cohmap_run(buf, first, nr) != nr)
		return 0;
	ret = cohmap_buf_add_populator(buf, desc->mm);
	if (!ret)
		mmap_action_remap_full(desc, buf->pfns[first]);
	return ret;
}

/**
 * cohmap_buffer_mmap_prepare() - cohmap_buffer_mmap() for f_op->mmap_prepare
 * @pub: the buffer, from cohmap_buffer_alloc()
 * @desc: the descriptor passed to the driver's f_op->mmap_prepare
 * @offset: byte offset into the buffer for the mapping's first byte (page
 *	aligned), with desc->pgoff >= @offset / PAGE_SIZE
 *
 * For kernels whose drivers set mappings up in f_op->mmap_prepare (7.x;
 * COHMAP_HAVE_MMAP_PREPARE is then 1). The same checks, policy, flags and
 * lifetime as cohmap_buffer_mmap(); a populating buffer whose pages are
 * physically contiguous is remapped by the kernel's remap action, other
 * pages are faulted in. The mapping counts from the moment the kernel has linked
 * it (vm_operations_struct.mapped); a mapping the kernel then fails to
 * make costs nothing, except that an mmap() failing with -ENOMEM before
 * the vma exists leaks the buffer's tracking state (never its memory).
 *
 * Context: process context, from f_op->mmap_prepare (mmap_lock held for
 * writing).
 * Return: as cohmap_buffer_mmap(); -EOPNOTSUPP where the buffer's policy
 * is (d): dma_mmap_attrs() needs a vma, so such drivers keep f_op->mmap.
 */
int cohmap_buffer_mmap_prepare(struct cohmap_buffer *pub,
			       struct vm_area_desc *desc, unsigned long offset)
{
	struct cohmap_buf *buf = to_cohmap_buf(pub);
	struct device *dev = pub->dev;
	struct cohmap_window *win;
	int ret;

	ret = cohmap_buf_check(buf, desc->start, vma_desc_size(desc),
			       desc->pgoff, vma_desc_test(desc, VMA_MAYSHARE_BIT),
			       vma_desc_test(desc, VMA_WRITE_BIT), offset);
	if (ret)
		return ret;
	if (buf->policy == COHMAP_POLICY_DMA) {
		dev_dbg(dev, "cohmap: policy dma maps with dma_mmap_attrs(), which needs f_op->mmap\n");
		return -EOPNOTSUPP;
	}

	mutex_lock(&buf->lock);
	ret = cohmap_buf_admit(buf, desc->mm);
	if (ret)
		goto out;
	win = cohmap_buf_window(buf, desc->vm_file->f_mapping,
				desc->pgoff - (offset >> PAGE_SHIFT));
	if (!win) {
		ret = -ENOMEM;
		goto out;
	}
	cohmap_set_desc_flags(desc, buf->flags);
	vma_desc_set_flags(desc, VMA_IO_BIT, VMA_PFNMAP_BIT);
	cohmap_memtype_prot(buf->memtype, &desc->page_prot);
	if (cohmap_buf_populates(buf))
		ret = cohmap_buf_remap_action(buf, desc, offset);
	if (!ret)
		kref_get(&buf->ref);
out:
	mutex_unlock(&buf->lock);
	if (ret)
		return ret;

	desc->vm_ops = &cohmap_vm_ops_prepared;
	desc->private_data = (void *)((unsigned long)win | COHMAP_WIN_PENDING);
	return 0;
}
#endif /* COHMAP_HAVE_MMAP_PREPARE */

/**
 * cohmap_buffer_revoke() - take a buffer away from user space for good
 * @pub: the buffer
 *
 * Every user mapping of @pub is zapped and any later access raises SIGBUS;
 * new mmap() calls fail with -ENODEV. The memory stays allocated for the
 * kernel and the device until cohmap_buffer_free(). Call it before the
 * device stops honouring the buffer (reset, removal). Idempotent.
 *
 * Context: process context; may sleep. Not while holding a lock that the
 * driver's mmap path (f_op->mmap, ->get_unmapped_area) or any mmap_lock
 * holder takes: buffers of policy (d), and of (a) or (c) allocated with
 * COHMAP_POPULATE, are mapped inside mmap(), before the vma is visible, so
 * revoke waits for those mmap() calls to finish. Take the buffer out of
 * the driver's state under its lock, then free or revoke it unlocked.
 */
void cohmap_buffer_revoke(struct cohmap_buffer *pub)
{
	struct cohmap_buf *buf = to_cohmap_buf(pub);
	struct cohmap_populator *p, *tmp;
	struct cohmap_window *win;
	LIST_HEAD(populators);

	mutex_lock(&buf->lock);
	down_write(&buf->revoke_sem);
	buf->revoked = true;
	up_write(&buf->revoke_sem);
	list_splice_init(&buf->populators, &populators);
	mutex_unlock(&buf->lock);

	/*
	 * An mmap() that populated pages holds its mmap_lock until its vma is
	 * in the file's mapping: once we get the lock, the zap below sees it.
	 * Not under buf->lock: ->mmap() takes that inside mmap_lock.
	 */
	list_for_each_entry_safe(p, tmp, &populators, node) {
		cohmap_mmap_read_lock(p->mm);
		cohmap_mmap_read_unlock(p->mm);
		mmdrop(p->mm);
		kfree(p);
	}

	/* No window is added once revoked is set, so none is missed. */
	mutex_lock(&buf->lock);
	list_for_each_entry(win, &buf->windows, node)
		unmap_mapping_range(win->mapping, (loff_t)win->base << PAGE_SHIFT,
				    (loff_t)buf->npages << PAGE_SHIFT, 1);
	mutex_unlock(&buf->lock);
}

static void cohmap_buf_free(struct cohmap_buf *buf)
{
	struct cohmap_buffer *pub = &buf->pub;

	cohmap_buffer_revoke(pub);
	mutex_lock(&buf->lock);
	if (buf->owned)
		dma_free_attrs(pub->dev, pub->size, pub->vaddr, pub->dma_addr,
			       buf->attrs);
	pub->vaddr = NULL;
	buf->freed = true;
	mutex_unlock(&buf->lock);
	cohmap_buf_put(buf);
}

static void cohmap_buf_devres_release(void *data)
{
	struct cohmap_buf *buf = data;

	dev_dbg(buf->pub.dev, "cohmap: device unbound: %s %zu-byte buffer\n",
		buf->owned ? "freeing" : "revoking adopted", buf->pub.size);
	cohmap_buf_free(buf);
}

/* The driver ends the buffer before unbind: devres has nothing left to do. */
static void cohmap_buf_end(struct cohmap_buf *buf)
{
	devm_remove_action(buf->pub.dev, cohmap_buf_devres_release, buf);
	cohmap_buf_free(buf);
}

static bool cohmap_buf_args_ok(struct device *dev, size_t size,
			       unsigned int flags)
{
	if (!size || PAGE_ALIGN(size) < size || (flags & ~COHMAP_BUF_FLAGS)) {
		dev_dbg(dev, "cohmap: bad buffer size %zu or flags %#x\n",
			size, flags);
		return false;
	}
	return true;
}

static struct cohmap_buf *cohmap_buf_new(struct device *dev, size_t size,
					 unsigned long attrs,
					 unsigned int flags)
{
	struct cohmap_buf *buf = kzalloc(sizeof(*buf), GFP_KERNEL);

	if (!buf)
		return NULL;
	kref_init(&buf->ref);
	mutex_init(&buf->lock);
	init_rwsem(&buf->revoke_sem);
	spin_lock_init(&buf->vma_lock);
	INIT_LIST_HEAD(&buf->windows);
	INIT_LIST_HEAD(&buf->populators);
	INIT_LIST_HEAD(&buf->node);
	buf->attrs = attrs;
	buf->flags = flags;
	buf->npages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	buf->pub.dev = dev;
	buf->pub.size = size;
	return buf;
}

/*
 * Everything a buffer needs once it has memory: the policy, the pfns, and
 * the devres action that revokes it (and frees what cohmap allocated) when
 * the device is unbound. On failure the caller frees @buf and its memory.
 */
static int cohmap_buf_track(struct cohmap_buf *buf)
{
	struct device *dev = buf->pub.dev;
	int ret;

	/*
	 * User space sees whole pages. dma-direct zeroes them, a per-device
	 * pool only the size asked for (kernel/dma/coherent.c): the rest of
	 * the last page still holds what the pool's previous user left there.
	 */
	memset((u8 *)buf->pub.vaddr + buf->pub.size, 0,
	       PAGE_ALIGN(buf->pub.size) - buf->pub.size);

	buf->policy = cohmap_choose_policy(dev, buf->attrs, buf->flags,
					   &buf->why);
	if (cohmap_user_memtype(dev, buf->attrs, &buf->memtype, NULL))
		buf->memtype = COHMAP_MEMTYPE_VMA;	/* (d): the DMA layer's */
	ret = cohmap_buf_get_pfns(buf);
	buf->learns_pfns = ret && buf->policy != COHMAP_POLICY_REFUSE;
	if (ret && buf->policy != COHMAP_POLICY_REFUSE &&
	    buf->policy != COHMAP_POLICY_DMA) {
		buf->policy = COHMAP_POLICY_DMA;
		buf->why = cohmap_dev_coherent_pool(dev) ?
			   "per-device pool: only the DMA layer can read its pfns here" :
			   "the DMA layer gives no pages for this buffer";
	}

	ret = devm_add_action(dev, cohmap_buf_devres_release, buf);
	if (ret) {
		kvfree(buf->pfns);
		return ret;
	}
	cohmap_debugfs_add(buf);
	dev_dbg(dev, "cohmap: %zu-byte buffer%s, policy %s: %s\n",
		buf->pub.size, buf->owned ? "" : " (adopted)",
		cohmap_policy_name(buf->policy), buf->why);
	return 0;
}

/**
 * cohmap_buffer_alloc() - allocate a coherent buffer that user space may map
 * @dev: the device that will DMA to and from it
 * @size: bytes, more than zero
 * @gfp: allocation flags, as for dma_alloc_attrs()
 * @attrs: DMA_ATTR_* as for dma_alloc_attrs() (e.g. DMA_ATTR_WRITE_COMBINE)
 * @flags: COHMAP_RDONLY (user space may only read), COHMAP_EXCLUSIVE (one
 *	address space at a time; not inherited across fork), COHMAP_POPULATE
 *	(mmap() maps the whole vma, instead of faults mapping a window each)
 *
 * The policy is chosen here, once; cohmap_buffer_policy() tells which and
 * why. If the device is unbound while the buffer is still allocated, the
 * buffer is revoked and freed then (devres), so user space can never reach
 * memory the DMA layer has taken back.
 *
 * Context: process context; may sleep.
 * Return: the buffer, or ERR_PTR(-EINVAL) for a bad size or flag,
 * ERR_PTR(-ENOMEM).
 */
struct cohmap_buffer *cohmap_buffer_alloc(struct device *dev, size_t size,
					  gfp_t gfp, unsigned long attrs,
					  unsigned int flags)
{
	struct cohmap_buf *buf;
	int ret;

	if (!cohmap_buf_args_ok(dev, size, flags))
		return ERR_PTR(-EINVAL);
	buf = cohmap_buf_new(dev, size, attrs, flags);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->pub.vaddr = dma_alloc_attrs(dev, size, &buf->pub.dma_addr, gfp,
					 attrs);
	if (!buf->pub.vaddr) {
		dev_dbg(dev, "cohmap: dma_alloc_attrs(%zu) failed\n", size);
		kfree(buf);
		return ERR_PTR(-ENOMEM);
	}
	buf->owned = true;
	ret = cohmap_buf_track(buf);
	if (ret) {
		dma_free_attrs(dev, size, buf->pub.vaddr, buf->pub.dma_addr,
			       attrs);
		kfree(buf);
		return ERR_PTR(ret);
	}
	return &buf->pub;
}

/**
 * cohmap_buffer_adopt() - track a coherent buffer the driver allocated
 * @dev: the device it was allocated for
 * @vaddr: kernel address returned by dma_alloc_attrs() (or
 *	dma_alloc_coherent(), dmam_alloc_coherent())
 * @dma_addr: DMA address returned with it
 * @size: the size passed to the allocation
 * @attrs: the DMA_ATTR_* passed to the allocation
 * @flags: as for cohmap_buffer_alloc()
 *
 * For a driver that keeps its own allocation but wants cohmap's buffer
 * objects: bounds, policy, and revocation, which the stateless
 * cohmap_mmap_coherent_at() cannot give. The memory stays the driver's:
 * call cohmap_buffer_disown() before freeing it, which revokes every user
 * mapping. If the device is unbound first, devres revokes them; memory from
 * dmam_alloc_coherent() adopted after its allocation is freed only after
 * that. The bytes of the last page past @size are zeroed: user space sees
 * whole pages.
 *
 * Context: process context; may sleep.
 * Return: the buffer, or ERR_PTR(-EINVAL) for a NULL @vaddr, a bad size or
 * flag, ERR_PTR(-ENOMEM).
 */
struct cohmap_buffer *cohmap_buffer_adopt(struct device *dev, void *vaddr,
					  dma_addr_t dma_addr, size_t size,
					  unsigned long attrs,
					  unsigned int flags)
{
	struct cohmap_buf *buf;
	int ret;

	if (!vaddr) {
		dev_dbg(dev, "cohmap: no buffer to adopt\n");
		return ERR_PTR(-EINVAL);
	}
	if (!cohmap_buf_args_ok(dev, size, flags))
		return ERR_PTR(-EINVAL);
	buf = cohmap_buf_new(dev, size, attrs, flags);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->pub.vaddr = vaddr;
	buf->pub.dma_addr = dma_addr;
	ret = cohmap_buf_track(buf);
	if (ret) {
		kfree(buf);
		return ERR_PTR(ret);
	}
	return &buf->pub;
}

/**
 * cohmap_buffer_free() - revoke user mappings and free the memory
 * @pub: the buffer; not to be used after this call
 *
 * Safe while user space still maps the buffer: those mappings are revoked
 * (SIGBUS on access) before the memory goes back to the DMA layer. Not to
 * be called after the buffer's device was unbound: the buffer was freed
 * then. An adopted buffer's memory is not freed: see cohmap_buffer_disown().
 *
 * Context: process context; may sleep; as cohmap_buffer_revoke().
 */
void cohmap_buffer_free(struct cohmap_buffer *pub)
{
	struct cohmap_buf *buf = to_cohmap_buf(pub);

	if (!buf->owned)
		dev_dbg(pub->dev, "cohmap: freeing an adopted buffer leaves its memory to the driver\n");
	cohmap_buf_end(buf);
}

/**
 * cohmap_buffer_disown() - end the tracking of an adopted buffer
 * @pub: a buffer from cohmap_buffer_adopt(); not to be used after this call
 *
 * Every user mapping is revoked (SIGBUS on access); the memory is left
 * untouched, for the driver to free. Not to be called after the device was
 * unbound: devres revoked and forgot the buffer then.
 *
 * Context: process context; may sleep; as cohmap_buffer_revoke().
 */
void cohmap_buffer_disown(struct cohmap_buffer *pub)
{
	struct cohmap_buf *buf = to_cohmap_buf(pub);

	if (buf->owned)
		dev_dbg(pub->dev, "cohmap: disowning a buffer cohmap allocated frees it\n");
	cohmap_buf_end(buf);
}

/**
 * cohmap_buffer_policy() - how a buffer's user mappings are made
 * @pub: the buffer
 * @why: if not NULL, set to a static string saying why
 *
 * Return: the policy chosen when the buffer was allocated.
 */
enum cohmap_policy cohmap_buffer_policy(struct cohmap_buffer *pub,
					const char **why)
{
	struct cohmap_buf *buf = to_cohmap_buf(pub);

	if (why)
		*why = buf->why;
	return buf->policy;
}

/**
 * cohmap_buffer_mappings() - number of live user vmas of a buffer
 * @pub: the buffer
 *
 * Revoked vmas count until user space unmaps them.
 *
 * Return: the count, a snapshot.
 */
unsigned int cohmap_buffer_mappings(struct cohmap_buffer *pub)
{
	struct cohmap_buf *buf = to_cohmap_buf(pub);
	unsigned int n;

	spin_lock(&buf->vma_lock);
	n = buf->nr_vmas;
	spin_unlock(&buf->vma_lock);
	return n;
}
