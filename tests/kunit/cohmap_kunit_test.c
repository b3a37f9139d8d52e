// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for cohmap, run against a real device: QEMU's edu in the
 * testbed, or any PCI device on real hardware (dev=0000:01:00.0) that no
 * driver holds (unbind yours first): the suite binds it while it runs.
 *
 * User mappings are made for real, with vm_mmap() into the address space
 * of the process that loads this module (borrowed in suite_init, used from
 * each case's kthread), then read back from the page tables: the pfns must
 * be what the device reaches through its DMA address, the memory type must
 * be the one the DMA layer gives user mappings, and revocation must leave no pte behind.
 *
 * Built into a kernel (make kunit-tree, then kunit.py run), KUnit runs the
 * suite at boot, before any process exists: the suite then makes an
 * address space of its own, binds its device from suite_init, and without
 * one skips every case that needs it, saying why.
 *
 * The testbed passes what the boot must look like (expect_policy=,
 * expect_iommu=, expect_coherent=), so a wrong environment cannot make the
 * checks pass vacuously.
 */
#include <kunit/test.h>
#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/debugfs.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/iommu.h>
#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/pci.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#ifdef CONFIG_PPC_PSERIES
#include <asm/iommu.h>
#endif
#include "internal.h"
#include "kt_compat.h"

static char *dev_param = "";
module_param_named(dev, dev_param, charp, 0444);
MODULE_PARM_DESC(dev, "PCI device to test on (default: first QEMU edu)");
static char *expect_policy = "";
module_param(expect_policy, charp, 0444);
MODULE_PARM_DESC(expect_policy, "policy buffer objects must get");
static int expect_iommu = -1;
module_param(expect_iommu, int, 0444);
MODULE_PARM_DESC(expect_iommu, "1: DMA must be IOMMU-translated, 0: must not");
static int expect_coherent = -1;
module_param(expect_coherent, int, 0444);
MODULE_PARM_DESC(expect_coherent, "1: device must be DMA-coherent, 0: must not");
static int expect_pool = -1;
module_param(expect_pool, int, 0444);
MODULE_PARM_DESC(expect_pool, "1: device must allocate from a per-device coherent pool, 0: must not");
static int expect_colour = -1;
module_param(expect_colour, int, 0444);
MODULE_PARM_DESC(expect_colour, "1: the data cache must alias, 0: must not");

#define KT_PAGES 4
#define KT_SIZE (KT_PAGES * PAGE_SIZE)

static struct device *kt_dev;
static struct mm_struct *kt_mm;

/* What the test file's mmap() hands to cohmap. */
struct kt_target {
	struct cohmap_buffer *buf;	/* buffer object, or stateless: */
	void *cpu;
	dma_addr_t dma;
	size_t size;
	unsigned int flags;
	unsigned long attrs;	/* DMA_ATTR_* of a buffer object, or raw */
	bool raw;		/* the DMA layer's own dma_mmap_attrs() */
};

static int kt_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct kt_target *t = file->private_data;

	if (t->raw)
		return dma_mmap_attrs(kt_dev, vma, t->cpu, t->dma, t->size,
				      t->attrs);
	if (t->buf)
		return cohmap_buffer_mmap(t->buf, vma,
					  vma->vm_pgoff << PAGE_SHIFT);
	return cohmap_mmap_coherent_at(kt_dev, vma, t->cpu, t->dma, t->size,
				       vma->vm_pgoff << PAGE_SHIFT, t->flags);
}

/* Placement: congruent with the kernel address of what will be mapped. */
static unsigned long kt_file_get_unmapped_area(struct file *file,
					       unsigned long addr,
					       unsigned long len,
					       unsigned long pgoff,
					       unsigned long flags)
{
	struct kt_target *t = file->private_data;

	if (t->buf)
		return cohmap_buffer_get_unmapped_area(t->buf,
						       pgoff << PAGE_SHIFT,
						       file, addr, len, pgoff,
						       flags);
	return cohmap_get_unmapped_area(kt_dev,
					(u8 *)t->cpu + (pgoff << PAGE_SHIFT),
					file, addr, len, pgoff, flags);
}

static const struct file_operations kt_fops = {
	.owner = THIS_MODULE,
	.mmap = kt_file_mmap,
	.get_unmapped_area = kt_file_get_unmapped_area,
};

#if COHMAP_HAVE_MMAP_PREPARE
/* The same mappings through f_op->mmap_prepare (7.x). */
static int kt_file_mmap_prepare(struct vm_area_desc *desc)
{
	struct kt_target *t = desc->file->private_data;

	if (t->buf)
		return cohmap_buffer_mmap_prepare(t->buf, desc,
						  desc->pgoff << PAGE_SHIFT);
	return cohmap_mmap_coherent_prepare_at(kt_dev, desc, t->cpu, t->dma,
					       t->size,
					       desc->pgoff << PAGE_SHIFT,
					       t->flags);
}

static const struct file_operations kt_prepare_fops = {
	.owner = THIS_MODULE,
	.mmap_prepare = kt_file_mmap_prepare,
	.get_unmapped_area = kt_file_get_unmapped_area,
};
#endif

/* The same file without a placement hook: what mmap() picks by itself. */
static const struct file_operations kt_plain_fops = {
	.owner = THIS_MODULE,
	.mmap = kt_file_mmap,
};

/* Test context: a file to mmap through, in the borrowed address space. */
struct kt_ctx {
	struct kt_target t;
	struct file *file;
	bool stateless_owned;	/* t.cpu is ours to free */
	bool adopted;		/* t.buf adopts t.cpu */
};

/*
 * Built in, a missing device skips the cases, for this reason (see
 * cohmap_suite_init()); as a module the suite does not start without one.
 */
static const char *kt_no_device = "no device";

static int kt_init(struct kunit *test)
{
	struct kt_ctx *c;

	/* The policy names are the one thing checked without a device. */
	if (!kt_dev && strcmp(test->name, "policy_name_test"))
		kunit_skip(test, "%s", kt_no_device);
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->file = anon_inode_getfile("[cohmap-kunit]", &kt_fops, &c->t, O_RDWR);
	if (IS_ERR(c->file))
		return PTR_ERR(c->file);
	test->priv = c;
	return 0;
}

static void kt_exit(struct kunit *test)
{
	struct kt_ctx *c = test->priv;

	/* KUnit calls exit even when init failed. */
	if (!c)
		return;
	test->priv = NULL;
	fput(c->file);
	if (c->t.buf && c->adopted)
		cohmap_buffer_disown(c->t.buf);
	else if (c->t.buf)
		cohmap_buffer_free(c->t.buf);
	if (c->stateless_owned)
		dma_free_coherent(kt_dev, c->t.size, c->t.cpu, c->t.dma);
}

static int kt_new_buffer(struct kunit *test, size_t size, unsigned int flags)
{
	struct kt_ctx *c = test->priv;
	struct cohmap_buffer *buf;

	buf = cohmap_buffer_alloc(kt_dev, size, GFP_KERNEL, c->t.attrs, flags);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	c->t.buf = buf;
	return 0;
}

static int kt_new_stateless(struct kunit *test, size_t size)
{
	struct kt_ctx *c = test->priv;

	c->t.cpu = dma_alloc_coherent(kt_dev, size, &c->t.dma, GFP_KERNEL);
	if (!c->t.cpu)
		return -ENOMEM;
	c->t.size = size;
	c->stateless_owned = true;
	return 0;
}

/* A buffer object over memory the test allocated, as a driver adopts its own. */
static int kt_new_adopted(struct kunit *test, size_t size, unsigned int flags)
{
	struct kt_ctx *c = test->priv;
	struct cohmap_buffer *buf;
	int ret;

	ret = kt_new_stateless(test, size);
	if (ret)
		return ret;
	buf = cohmap_buffer_adopt(kt_dev, c->t.cpu, c->t.dma, size, 0, flags);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	c->t.buf = buf;
	c->adopted = true;
	return 0;
}

/*
 * Cases that touch user memory run between kt_use_mm() and kt_unuse_mm()
 * and use only KUNIT_EXPECT_*: an ASSERT would end the kthread with the
 * borrowed mm still installed.
 */
static void kt_use_mm(void)
{
	kthread_use_mm(kt_mm);
}

static void kt_unuse_mm(void)
{
	kthread_unuse_mm(kt_mm);
}

/*
 * Returns the user address or a negative errno: test with IS_ERR_VALUE(),
 * as user addresses above 2 GiB are negative as a long on 32-bit.
 */
static long kt_map(struct kunit *test, size_t len, unsigned long prot,
		   unsigned long flags, unsigned long off)
{
	struct kt_ctx *c = test->priv;

	return (long)vm_mmap(c->file, 0, len, prot, flags, off);
}

/* Read one byte through the user mapping: 0 or -EFAULT. */
static int kt_touch(unsigned long addr)
{
	u8 byte __maybe_unused;

	return get_user(byte, (u8 __user *)addr);
}

static void kt_unmap(unsigned long addr, size_t len)
{
	vm_munmap(addr, len);
}

static int kt_copy_pte(pte_t *ptep, unsigned long addr, void *data)
{
	*(pte_t *)data = ptep_get(ptep);
	return 0;
}

/*
 * The pte behind a user address, or -ENOENT if there is none. Read with
 * apply_to_page_range(), exported on every kernel from 5.10 to 7.2 and
 * for any vma (follow_pte() is gone in 6.12, and its successor only reads
 * VM_PFNMAP vmas, not the DMA layer's VM_MIXEDMAP ones). It fills in a
 * missing page table inside the vma, which changes nothing we read.
 */
static int kt_user_pte(unsigned long addr, pte_t *out)
{
	struct vm_area_struct *vma;
	int ret = -ENOENT;

	cohmap_mmap_read_lock(kt_mm);
	vma = find_vma(kt_mm, addr);
	if (vma && vma->vm_start <= addr &&
	    !apply_to_page_range(kt_mm, addr & PAGE_MASK, PAGE_SIZE,
				 kt_copy_pte, out))
		ret = pte_present(*out) ? 0 : -ENOENT;
	cohmap_mmap_read_unlock(kt_mm);
	return ret;
}

static unsigned long kt_vma_flags(unsigned long addr)
{
	struct vm_area_struct *vma;
	unsigned long flags = 0;

	cohmap_mmap_read_lock(kt_mm);
	vma = find_vma(kt_mm, addr);
	if (vma && vma->vm_start <= addr)
		flags = vma->vm_flags;
	cohmap_mmap_read_unlock(kt_mm);
	return flags;
}

#ifdef CONFIG_PPC_PSERIES
/*
 * pseries: the TCE table is no iommu_domain in 6.1; read the entry the
 * device uses back through the platform's own accessor (H_GET_TCE).
 */
static struct iommu_table *kt_tce_table(void)
{
	struct iommu_table *tbl = get_iommu_table_base(kt_dev);

	if (!get_dma_ops(kt_dev) || kt_dev->dma_ops_bypass || !tbl ||
	    !tbl->it_ops->get)
		return NULL;
	return tbl;
}

static unsigned long kt_tce_pfn(struct iommu_table *tbl, dma_addr_t dma)
{
	unsigned long size = 1UL << tbl->it_page_shift;
	unsigned long tce = tbl->it_ops->get(tbl, dma >> tbl->it_page_shift);

	return PHYS_PFN((tce & ~(size - 1)) | (dma & (size - 1)));
}
#else
static void *kt_tce_table(void)
{
	return NULL;
}

static unsigned long kt_tce_pfn(void *tbl, dma_addr_t dma)
{
	return 0;
}
#endif

/* The page frame the device reaches at @dma: through the IOMMU if any. */
static unsigned long kt_device_pfn(dma_addr_t dma)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(kt_dev);

	if (dom && dom->type != IOMMU_DOMAIN_IDENTITY)
		return PHYS_PFN(iommu_iova_to_phys(dom, dma));
	if (kt_tce_table())
		return kt_tce_pfn(kt_tce_table(), dma);
	return PHYS_PFN(dma_to_phys(kt_dev, dma));
}

static bool kt_translated(void)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(kt_dev);

	return (dom && dom->type != IOMMU_DOMAIN_IDENTITY) || kt_tce_table();
}

/*
 * Where the DMA layer says no user mapping can be coherent (parisc), every
 * mapping is refused (policy e): the cases that need one skip, and
 * refuse_test checks the refusal instead.
 */
#define KT_SKIP_IF_REFUSED(test)					\
	do {								\
		if (cohmap_choose_policy(kt_dev, 0, 0, NULL) ==	\
		    COHMAP_POLICY_REFUSE)					\
			kunit_skip(test, "no user mapping here (policy e)"); \
	} while (0)

/* Bits of a pte that select the memory type (cacheable, WC, uncached). */
#if defined(_PAGE_CACHE_MASK)
#define KT_MEMTYPE_MASK ((u64)_PAGE_CACHE_MASK)
#elif defined(PTE_ATTRINDX_MASK)
#define KT_MEMTYPE_MASK ((u64)PTE_ATTRINDX_MASK)
#elif defined(L_PTE_MT_MASK)
#define KT_MEMTYPE_MASK ((u64)L_PTE_MT_MASK)
#elif defined(_PAGE_MTMASK)
#define KT_MEMTYPE_MASK ((u64)_PAGE_MTMASK)
#elif defined(_CACHE_MASK)
#define KT_MEMTYPE_MASK ((u64)_CACHE_MASK)
#elif defined(_PAGE_CACHE_CTL)
#define KT_MEMTYPE_MASK ((u64)_PAGE_CACHE_CTL)
#elif defined(_PAGE_NO_CACHE)
#define KT_MEMTYPE_MASK ((u64)_PAGE_NO_CACHE)
#endif

/* ---- policy and introspection ---------------------------------------- */

struct kt_name_case {
	enum cohmap_policy policy;
	const char *name;
};

static const struct kt_name_case kt_name_cases[] = {
	{ COHMAP_POLICY_REMAP, "remap" },
	{ COHMAP_POLICY_FAULT, "fault" },
	{ COHMAP_POLICY_COLOUR, "colour" },
	{ COHMAP_POLICY_DMA, "dma" },
	{ COHMAP_POLICY_REFUSE, "refuse" },
	{ (enum cohmap_policy)42, "invalid" },
};

static void kt_name_desc(const struct kt_name_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(kt_name, kt_name_cases, kt_name_desc);

static void policy_name_test(struct kunit *test)
{
	const struct kt_name_case *c = KT_PARAM(test);

	KUNIT_EXPECT_STREQ(test, cohmap_policy_name(c->policy), c->name);
}

static void stateless_policy_test(struct kunit *test)
{
	const char *why = NULL;
	enum cohmap_policy p;

	p = cohmap_choose_policy(kt_dev, 0, COHMAP_STATELESS, &why);
	KUNIT_EXPECT_EQ(test, p, dma_can_mmap(kt_dev) ? COHMAP_POLICY_DMA :
						       COHMAP_POLICY_REFUSE);
	KUNIT_ASSERT_NOT_NULL(test, why);
	KUNIT_EXPECT_GT(test, strlen(why), 10);
}

static void buffer_policy_test(struct kunit *test)
{
	struct cohmap_buffer *buf;
	const char *why = NULL;
	enum cohmap_policy p;

	if (!*expect_policy)
		kunit_skip(test, "no expect_policy= given for this machine");
	p = cohmap_choose_policy(kt_dev, 0, 0, &why);
	KUNIT_EXPECT_STREQ(test, cohmap_policy_name(p), expect_policy);
	KUNIT_EXPECT_GT(test, strlen(why), 10);
	if (p == COHMAP_POLICY_FAULT)
		KUNIT_EXPECT_EQ(test, cohmap_choose_policy(kt_dev, 0,
							   COHMAP_POPULATE, NULL),
				COHMAP_POLICY_REMAP);

	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, 0), 0);
	buf = ((struct kt_ctx *)test->priv)->t.buf;
	KUNIT_EXPECT_EQ(test, cohmap_buffer_policy(buf, &why), p);
}

static void environment_test(struct kunit *test)
{
	if (expect_iommu < 0 && expect_coherent < 0 && expect_pool < 0)
		kunit_skip(test, "no expect_iommu=, expect_coherent= or expect_pool= given");
	if (expect_iommu >= 0)
		KUNIT_EXPECT_EQ(test, kt_translated(), !!expect_iommu);
	if (expect_coherent >= 0)
		KUNIT_EXPECT_EQ(test, dev_is_dma_coherent(kt_dev),
				!!expect_coherent);
	if (expect_pool >= 0)
		KUNIT_EXPECT_EQ(test, cohmap_dev_coherent_pool(kt_dev), !!expect_pool);
}

/* ---- argument checks --------------------------------------------------- */

struct kt_vma_case {
	const char *desc;
	size_t size;
	unsigned long offset;
	unsigned long len;
	unsigned long vm_flags;
	unsigned int flags;
	int err;
};

#define KT_RW (VM_READ | VM_WRITE | VM_SHARED | VM_MAYWRITE | VM_MAYSHARE)
#define KT_RO (VM_READ | VM_SHARED | VM_MAYWRITE | VM_MAYSHARE)

static const struct kt_vma_case kt_vma_cases[] = {
	{ "whole", KT_SIZE, 0, KT_SIZE, KT_RW, 0, 0 },
	{ "partial", KT_SIZE, 0, PAGE_SIZE, KT_RW, 0, 0 },
	{ "last_page", KT_SIZE, KT_SIZE - PAGE_SIZE, PAGE_SIZE, KT_RW, 0, 0 },
	{ "unaligned_size_rounds_up", PAGE_SIZE + 1, 0, 2 * PAGE_SIZE, KT_RW, 0, 0 },
	{ "beyond_rounded_size", PAGE_SIZE + 1, 0, 3 * PAGE_SIZE, KT_RW, 0, -ENXIO },
	{ "one_page_too_long", KT_SIZE, 0, KT_SIZE + PAGE_SIZE, KT_RW, 0, -ENXIO },
	{ "offset_at_end", KT_SIZE, KT_SIZE, PAGE_SIZE, KT_RW, 0, -ENXIO },
	{ "offset_plus_len_beyond", KT_SIZE, 2 * PAGE_SIZE, 3 * PAGE_SIZE, KT_RW, 0, -ENXIO },
	{ "offset_overflows", KT_SIZE, ULONG_MAX & PAGE_MASK, PAGE_SIZE, KT_RW, 0, -ENXIO },
	{ "offset_unaligned", KT_SIZE, 1, PAGE_SIZE, KT_RW, 0, -EINVAL },
	{ "size_zero", 0, 0, PAGE_SIZE, KT_RW, 0, -EINVAL },
	{ "size_overflows_page_align", SIZE_MAX, 0, PAGE_SIZE, KT_RW, 0, -EINVAL },
	{ "map_private", KT_SIZE, 0, PAGE_SIZE, VM_READ | VM_WRITE | VM_MAYWRITE, 0, -EINVAL },
	{ "rdonly_writable", KT_SIZE, 0, PAGE_SIZE, KT_RW, COHMAP_RDONLY, -EPERM },
	{ "rdonly_readable", KT_SIZE, 0, PAGE_SIZE, KT_RO, COHMAP_RDONLY, 0 },
};

static void kt_vma_desc(const struct kt_vma_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(kt_vma, kt_vma_cases, kt_vma_desc);

/*
 * cohmap_check_map(), the checks both entry points share, on the vma flags
 * each case gives: the bounds arithmetic alone, including overflows that
 * mmap(2) would stop before they reach a driver.
 */
static void check_vma_test(struct kunit *test)
{
	const struct kt_vma_case *c = KT_PARAM(test);

	KUNIT_EXPECT_EQ(test, cohmap_check_map(kt_dev, c->len,
					       c->vm_flags & VM_SHARED,
					       c->vm_flags & VM_WRITE, c->size,
					       c->offset, c->flags), c->err);
}

struct kt_alloc_case {
	const char *desc;
	size_t size;
	unsigned int flags;
};

static const struct kt_alloc_case kt_alloc_cases[] = {
	{ "size_zero", 0, 0 },
	{ "size_max", SIZE_MAX, 0 },
	{ "unknown_flag", PAGE_SIZE, BIT(7) },
	{ "stateless_flag", PAGE_SIZE, COHMAP_STATELESS },
};

static void kt_alloc_desc(const struct kt_alloc_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(kt_alloc, kt_alloc_cases, kt_alloc_desc);

/* cohmap_buffer_adopt() refuses the same, before it touches the memory. */
static void alloc_rejects_test(struct kunit *test)
{
	const struct kt_alloc_case *c = KT_PARAM(test);
	struct kt_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, kt_new_buffer(test, c->size, c->flags), -EINVAL);
	KUNIT_ASSERT_EQ(test, kt_new_stateless(test, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(cohmap_buffer_adopt(kt_dev, ctx->t.cpu,
							  ctx->t.dma, c->size,
							  0, c->flags)),
			-EINVAL);
}

static void adopt_rejects_null_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(cohmap_buffer_adopt(kt_dev, NULL, 0,
							  PAGE_SIZE, 0, 0)),
			-EINVAL);
}

/* ---- real mappings ------------------------------------------------------ */

struct kt_map_case {
	const char *desc;
	bool stateless;
	bool prepare;		/* through f_op->mmap_prepare */
	unsigned int flags;
	unsigned long first;	/* first buffer page mapped */
	unsigned long npages;
	bool adopt;		/* a buffer object over the test's memory */
	unsigned long attrs;	/* of a buffer object's allocation */
};

static const struct kt_map_case kt_map_cases[] = {
	{ "buffer_whole", false, false, 0, 0, KT_PAGES },
	{ "buffer_offset", false, false, 0, 1, 2 },
	{ "buffer_populate", false, false, COHMAP_POPULATE, 0, KT_PAGES },
	{ "buffer_populate_offset", false, false, COHMAP_POPULATE, 2, 2 },
	{ "stateless_whole", true, false, 0, 0, KT_PAGES },
	{ "stateless_offset", true, false, 0, 3, 1 },
	{ "adopted_whole", false, false, 0, 0, KT_PAGES, true },
	{ "adopted_populate_offset", false, false, COHMAP_POPULATE, 1, 2, true },
	{ "buffer_write_combine", false, false, 0, 0, KT_PAGES, false,
	  DMA_ATTR_WRITE_COMBINE },
#if COHMAP_HAVE_MMAP_PREPARE
	{ "prepare_buffer_whole", false, true, 0, 0, KT_PAGES },
	{ "prepare_buffer_offset", false, true, 0, 1, 2 },
	{ "prepare_buffer_populate", false, true, COHMAP_POPULATE, 0, KT_PAGES },
	{ "prepare_stateless_whole", true, true, 0, 0, KT_PAGES },
	{ "prepare_stateless_offset", true, true, 0, 3, 1 },
	{ "prepare_adopted_whole", false, true, 0, 0, KT_PAGES, true },
#endif
};

static void kt_map_desc(const struct kt_map_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(kt_map, kt_map_cases, kt_map_desc);

static void kt_target_bufs(struct kunit *test, void **cpu, dma_addr_t *dma)
{
	struct kt_ctx *c = test->priv;

	*cpu = c->t.buf ? c->t.buf->vaddr : c->t.cpu;
	*dma = c->t.buf ? c->t.buf->dma_addr : c->t.dma;
}

static int kt_setup_map_case(struct kunit *test, const struct kt_map_case *mc)
{
	struct kt_ctx *c = test->priv;

#if COHMAP_HAVE_MMAP_PREPARE
	if (mc->prepare) {
		struct file *f = anon_inode_getfile("[cohmap-kunit-prepare]",
						    &kt_prepare_fops, &c->t,
						    O_RDWR);

		if (IS_ERR(f))
			return PTR_ERR(f);
		fput(c->file);
		c->file = f;
	}
#endif
	c->t.attrs = mc->attrs;
	if (mc->stateless)
		return kt_new_stateless(test, KT_SIZE);
	if (mc->adopt)
		return kt_new_adopted(test, KT_SIZE, mc->flags);
	return kt_new_buffer(test, KT_SIZE, mc->flags);
}

/*
 * Each user page is backed by exactly the page the device reaches at the
 * matching DMA address: the whole point, and what virt_to_page(cpu_addr)
 * gets wrong under an IOMMU or a remap.
 */
static void user_pfn_is_device_pfn_test(struct kunit *test)
{
	const struct kt_map_case *mc = KT_PARAM(test);
	size_t len = mc->npages * PAGE_SIZE;
	unsigned long i, addr;
	dma_addr_t dma;
	void *cpu;
	long ret;
	pte_t pte;

	KT_SKIP_IF_REFUSED(test);
	KUNIT_ASSERT_EQ(test, kt_setup_map_case(test, mc), 0);
	kt_target_bufs(test, &cpu, &dma);
	kt_use_mm();
	ret = kt_map(test, len, PROT_READ | PROT_WRITE, MAP_SHARED,
		     mc->first * PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
	if (IS_ERR_VALUE(ret))
		goto out;
	addr = ret;
	for (i = 0; i < mc->npages; i++) {
		unsigned long ua = addr + i * PAGE_SIZE;

		KUNIT_EXPECT_EQ(test, kt_touch(ua), 0);
		KUNIT_EXPECT_EQ(test, kt_user_pte(ua, &pte), 0);
		KUNIT_EXPECT_EQ(test, pte_pfn(pte),
				kt_device_pfn(dma + (mc->first + i) * PAGE_SIZE));
	}
	if (kt_translated())
		KUNIT_EXPECT_NE(test, pte_pfn(pte), (unsigned long)PHYS_PFN(dma));
	kt_unmap(addr, len);
out:
	kt_unuse_mm();
}

/* Kernel writes show through the user mapping, and the other way round. */
static void data_both_ways_test(struct kunit *test)
{
	const struct kt_map_case *mc = KT_PARAM(test);
	/* Bounded for gcc 12, whose -Wstringop-overread misfires on 32-bit. */
	size_t len = min_t(size_t, mc->npages, KT_PAGES) * PAGE_SIZE;
	unsigned long addr, i;
	dma_addr_t dma;
	u8 *cpu, *kbuf;
	void *vcpu;
	long ret;

	KT_SKIP_IF_REFUSED(test);
	kbuf = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kbuf);
	KUNIT_ASSERT_EQ(test, kt_setup_map_case(test, mc), 0);
	kt_target_bufs(test, &vcpu, &dma);
	cpu = (u8 *)vcpu + mc->first * PAGE_SIZE;
	for (i = 0; i < len; i++)
		cpu[i] = (u8)(i * 7 + mc->first);

	kt_use_mm();
	ret = kt_map(test, len, PROT_READ | PROT_WRITE, MAP_SHARED,
		     mc->first * PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
	if (IS_ERR_VALUE(ret))
		goto out;
	addr = ret;
	KUNIT_EXPECT_EQ(test, copy_from_user(kbuf, (void __user *)addr, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(kbuf, cpu, len), 0);

	memset(kbuf, 0xa5, len);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)addr, kbuf, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(kbuf, cpu, len), 0);
	kt_unmap(addr, len);
out:
	kt_unuse_mm();
}

#ifdef KT_MEMTYPE_MASK
/*
 * The user pte's memory type is the one the DMA layer itself gives user
 * mappings of this memory (dma_mmap_attrs() applies dma_pgprot()): a
 * cacheable user alias of memory the kernel maps uncached is the arm64
 * mismatched-attribute bug. On a non-coherent device it must not be
 * cacheable at all, whatever both say. Memory from a per-device pool is
 * the exception: the kernel maps the pool write-combined even for a
 * coherent device (memremap(MEMREMAP_WC), kernel/dma/coherent.c), where
 * dma_pgprot() would hand user space a cacheable alias of it.
 */
static void user_memtype_test(struct kunit *test)
{
	const struct kt_map_case *mc = KT_PARAM(test);
	size_t len = mc->npages * PAGE_SIZE;
	struct kt_target ref = { .raw = true, .size = KT_SIZE,
				 .attrs = mc->attrs };
	unsigned long i, a = 0, b = 0;
	u64 cacheable, pool_wc, ut, rt;
	struct file *rf;
	pte_t pte;
	long ret;

	KT_SKIP_IF_REFUSED(test);
	cacheable = pgprot_val(PAGE_KERNEL) & KT_MEMTYPE_MASK;
	pool_wc = pgprot_val(pgprot_writecombine(PAGE_KERNEL)) & KT_MEMTYPE_MASK;
	KUNIT_ASSERT_EQ(test, kt_setup_map_case(test, mc), 0);
	kt_target_bufs(test, &ref.cpu, &ref.dma);
	rf = anon_inode_getfile("[cohmap-kunit-ref]", &kt_fops, &ref, O_RDWR);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rf));

	kt_use_mm();
	ret = kt_map(test, len, PROT_READ | PROT_WRITE, MAP_SHARED,
		     mc->first * PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
	if (IS_ERR_VALUE(ret))
		goto out;
	a = ret;
	ret = (long)vm_mmap(rf, 0, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			    mc->first * PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
	if (IS_ERR_VALUE(ret))
		goto out;
	b = ret;
	for (i = 0; i < mc->npages; i++) {
		unsigned long off = i * PAGE_SIZE;

		KUNIT_EXPECT_EQ(test, kt_touch(a + off), 0);
		KUNIT_EXPECT_EQ(test, kt_touch(b + off), 0);
		KUNIT_EXPECT_EQ(test, kt_user_pte(a + off, &pte), 0);
		ut = pte_val(pte) & KT_MEMTYPE_MASK;
		KUNIT_EXPECT_EQ(test, kt_user_pte(b + off, &pte), 0);
		rt = pte_val(pte) & KT_MEMTYPE_MASK;
		if (cohmap_dev_coherent_pool(kt_dev))
			KUNIT_EXPECT_EQ(test, ut, pool_wc);
		else
			KUNIT_EXPECT_EQ(test, ut, rt);
		if (cohmap_dev_coherent_pool(kt_dev) || expect_coherent == 0)
			KUNIT_EXPECT_NE(test, ut, cacheable);
		else if (expect_coherent == 1)
			KUNIT_EXPECT_EQ(test, ut, cacheable);
	}
out:
	if (a)
		kt_unmap(a, len);
	if (b)
		kt_unmap(b, len);
	kt_unuse_mm();
	fput(rf);
}
#else
static void user_memtype_test(struct kunit *test)
{
	kunit_skip(test, "no known memory-type pte bits on this architecture");
}
#endif

/* ---- buffer objects: vma state, lifetime, revocation ------------------ */

static void buffer_vma_flags_test(struct kunit *test)
{
	const unsigned int flags[] = { 0, COHMAP_EXCLUSIVE, COHMAP_RDONLY };
	unsigned long vmf, addr;
	unsigned int i;
	long ret;

	KT_SKIP_IF_REFUSED(test);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		struct kt_ctx *c = test->priv;
		unsigned long prot = PROT_READ |
			((flags[i] & COHMAP_RDONLY) ? 0 : PROT_WRITE);

		KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, flags[i]), 0);
		kt_use_mm();
		ret = kt_map(test, KT_SIZE, prot, MAP_SHARED, 0);
		KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
		if (!IS_ERR_VALUE(ret)) {
			addr = ret;
			vmf = kt_vma_flags(addr);
			KUNIT_EXPECT_TRUE(test, vmf & VM_DONTEXPAND);
			KUNIT_EXPECT_TRUE(test, vmf & VM_DONTDUMP);
			KUNIT_EXPECT_TRUE(test, vmf & VM_SHARED);
			KUNIT_EXPECT_EQ(test, !!(vmf & VM_DONTCOPY),
					!!(flags[i] & COHMAP_EXCLUSIVE));
			KUNIT_EXPECT_EQ(test, !!(vmf & VM_MAYWRITE),
					!(flags[i] & COHMAP_RDONLY));
			kt_unmap(addr, KT_SIZE);
		}
		kt_unuse_mm();
		cohmap_buffer_free(c->t.buf);
		c->t.buf = NULL;
	}
}

static void refused_mappings_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;

	KT_SKIP_IF_REFUSED(test);
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, COHMAP_RDONLY), 0);
	kt_use_mm();
	KUNIT_EXPECT_EQ(test, kt_map(test, KT_SIZE, PROT_READ, MAP_PRIVATE, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kt_map(test, KT_SIZE + PAGE_SIZE, PROT_READ,
				     MAP_SHARED, 0), -ENXIO);
	KUNIT_EXPECT_EQ(test, kt_map(test, PAGE_SIZE, PROT_READ, MAP_SHARED,
				     KT_SIZE), -ENXIO);
	KUNIT_EXPECT_EQ(test, kt_map(test, PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_SHARED, 0), -EPERM);
	KUNIT_EXPECT_EQ(test, cohmap_buffer_mappings(c->t.buf), 0);
	kt_unuse_mm();
}

/* One count per vma: mmap, split by a partial munmap, unmap. */
static void mapping_count_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	long a, b;

	KT_SKIP_IF_REFUSED(test);
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, 0), 0);
	kt_use_mm();
	a = kt_map(test, 3 * PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	b = kt_map(test, KT_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(a));
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(b));
	if (!IS_ERR_VALUE(a) && !IS_ERR_VALUE(b)) {
		KUNIT_EXPECT_EQ(test, cohmap_buffer_mappings(c->t.buf), 2);
		kt_unmap(a + PAGE_SIZE, PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, cohmap_buffer_mappings(c->t.buf), 3);
		kt_unmap(a, 3 * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, cohmap_buffer_mappings(c->t.buf), 1);
		kt_unmap(b, KT_SIZE);
		KUNIT_EXPECT_EQ(test, cohmap_buffer_mappings(c->t.buf), 0);
	}
	kt_unuse_mm();
}

/* COHMAP_EXCLUSIVE is per address space: the owner may map it twice. */
static void exclusive_same_mm_test(struct kunit *test)
{
	long a, b;

	KT_SKIP_IF_REFUSED(test);
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, COHMAP_EXCLUSIVE), 0);
	kt_use_mm();
	a = kt_map(test, KT_SIZE, PROT_READ, MAP_SHARED, 0);
	b = kt_map(test, KT_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(a));
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(b));
	if (!IS_ERR_VALUE(a))
		kt_unmap(a, KT_SIZE);
	if (!IS_ERR_VALUE(b))
		kt_unmap(b, KT_SIZE);
	kt_unuse_mm();
}

/* After revoke: no pte is left, touching faults, mmap is refused. */
static void revoke_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	unsigned long addr, i;
	long ret;
	pte_t pte;

	KT_SKIP_IF_REFUSED(test);
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, COHMAP_POPULATE), 0);
	kt_use_mm();
	ret = kt_map(test, KT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
	if (IS_ERR_VALUE(ret))
		goto out;
	addr = ret;
	KUNIT_EXPECT_EQ(test, kt_touch(addr), 0);
	KUNIT_EXPECT_EQ(test, kt_user_pte(addr + KT_SIZE - PAGE_SIZE, &pte), 0);
	cohmap_buffer_revoke(c->t.buf);
	for (i = 0; i < KT_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, kt_user_pte(addr + i * PAGE_SIZE, &pte),
				-ENOENT);
		KUNIT_EXPECT_EQ(test, kt_touch(addr +
					       i * PAGE_SIZE), -EFAULT);
	}
	KUNIT_EXPECT_EQ(test, kt_map(test, KT_SIZE, PROT_READ, MAP_SHARED, 0),
			-ENODEV);
	kt_unmap(addr, KT_SIZE);
out:
	kt_unuse_mm();
}

/*
 * Map the test buffer whole, touch it, let @end take the buffer object
 * away, and check that the mapping went with it: no pte, and a touch
 * faults. Unmapping afterwards touches only cohmap's tracking state
 * (KASAN would report a use-after-free here).
 */
static void kt_end_while_mapped(struct kunit *test,
				void (*end)(struct cohmap_buffer *buf))
{
	struct kt_ctx *c = test->priv;
	unsigned long addr;
	long ret;
	pte_t pte;

	kt_use_mm();
	ret = kt_map(test, KT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
	if (IS_ERR_VALUE(ret))
		goto out;
	addr = ret;
	KUNIT_EXPECT_EQ(test, kt_touch(addr), 0);
	KUNIT_EXPECT_EQ(test, kt_user_pte(addr, &pte), 0);
	end(c->t.buf);
	c->t.buf = NULL;
	KUNIT_EXPECT_EQ(test, kt_user_pte(addr, &pte), -ENOENT);
	KUNIT_EXPECT_EQ(test, kt_touch(addr), -EFAULT);
	kt_unmap(addr, KT_SIZE);
out:
	kt_unuse_mm();
}

/*
 * Disowning an adopted buffer revokes its mappings as freeing does, and
 * leaves the memory, still holding what the kernel wrote, to the driver.
 */
static void disown_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;

	KT_SKIP_IF_REFUSED(test);
	KUNIT_ASSERT_EQ(test, kt_new_adopted(test, KT_SIZE, 0), 0);
	memset(c->t.cpu, 0x5a, KT_SIZE);
	kt_end_while_mapped(test, cohmap_buffer_disown);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(c->t.cpu, 0x5a, KT_SIZE));
}

/* Freeing with a live mapping: the memory goes back at once. */
static void free_while_mapped_test(struct kunit *test)
{
	KT_SKIP_IF_REFUSED(test);
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, 0), 0);
	kt_end_while_mapped(test, cohmap_buffer_free);
}

/*
 * (a) maps the whole vma inside mmap(), as dma_mmap_coherent() does; (b)
 * maps nothing before the first touch, then the COHMAP_FAULT_AROUND-page
 * aligned window around the touched page and nothing else. The vma spans
 * four windows and is smaller than a PMD, so no huge entry is involved.
 */
static void populate_test(struct kunit *test)
{
	const unsigned int flags[] = { 0, COHMAP_POPULATE };
	const unsigned long win = COHMAP_FAULT_AROUND * PAGE_SIZE;
	const unsigned long size = 4 * win;
	struct kt_ctx *c = test->priv;
	unsigned long addr, w0, i;
	pte_t pte;
	long ret;

	KT_SKIP_IF_REFUSED(test);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		bool all = flags[i] & COHMAP_POPULATE;

		KUNIT_ASSERT_EQ(test, kt_new_buffer(test, size, flags[i]), 0);
		if (cohmap_buffer_policy(c->t.buf, NULL) == COHMAP_POLICY_DMA)
			kunit_skip(test, "the DMA layer maps buffers here");
		kt_use_mm();
		ret = kt_map(test, size, PROT_READ, MAP_SHARED, 0);
		KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
		if (!IS_ERR_VALUE(ret)) {
			addr = ret;
			/* The window of the touched page, inside the vma. */
			w0 = ALIGN_DOWN(addr + win + PAGE_SIZE, win);
			KUNIT_EXPECT_EQ(test, kt_user_pte(addr + win + PAGE_SIZE,
							  &pte), all ? 0 : -ENOENT);
			KUNIT_EXPECT_EQ(test, kt_touch(addr + win + PAGE_SIZE), 0);
			KUNIT_EXPECT_EQ(test, kt_user_pte(w0, &pte), 0);
			KUNIT_EXPECT_EQ(test, kt_user_pte(w0 + win - PAGE_SIZE,
							  &pte), 0);
			KUNIT_EXPECT_EQ(test, kt_user_pte(w0 - PAGE_SIZE, &pte),
					all ? 0 : -ENOENT);
			KUNIT_EXPECT_EQ(test, kt_user_pte(w0 + win, &pte),
					all ? 0 : -ENOENT);
			KUNIT_EXPECT_EQ(test, kt_user_pte(addr, &pte),
					all ? 0 : -ENOENT);
			KUNIT_EXPECT_EQ(test, kt_user_pte(addr + size - PAGE_SIZE,
							  &pte), all ? 0 : -ENOENT);
			kt_unmap(addr, size);
		}
		kt_unuse_mm();
		cohmap_buffer_free(c->t.buf);
		c->t.buf = NULL;
	}
}

/*
 * Read this module's debugfs listing into @buf, through a user buffer in
 * the borrowed mm (debugfs files have no read_iter for kernel_read()).
 * Call between kt_use_mm() and kt_unuse_mm(). The file is found in
 * debugfs itself, not at /sys/kernel/debug: built in, the suite runs
 * before anything is mounted there; opening it takes a mount, so one is
 * made (debugfs has a single superblock: every mount shows the same
 * files). -ENODEV if the kernel has no debugfs. debugfs is never a module
 * (DEBUG_FS is bool), so get_fs_type() takes no module reference.
 */
static int kt_read_debugfs(char *buf, size_t len)
{
	struct file_system_type *type;
	struct dentry *dir, *file;
	struct vfsmount *mnt;
	unsigned long ubuf;
	struct path path;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	dir = debugfs_lookup("cohmap-" KBUILD_MODNAME, NULL);
	if (IS_ERR_OR_NULL(dir))
		return dir ? PTR_ERR(dir) : -ENOENT;
	file = debugfs_lookup("buffers", dir);
	dput(dir);
	if (IS_ERR_OR_NULL(file))
		return file ? PTR_ERR(file) : -ENOENT;
	type = get_fs_type("debugfs");
	mnt = type ? kern_mount(type) : ERR_PTR(-ENODEV);
	if (IS_ERR(mnt)) {
		dput(file);
		return PTR_ERR(mnt);
	}
	path.mnt = mnt;
	path.dentry = file;
	f = file->d_sb == mnt->mnt_sb ?
	    dentry_open(&path, O_RDONLY, current_cred()) : ERR_PTR(-EXDEV);
	dput(file);
	if (IS_ERR(f)) {
		kern_unmount(mnt);
		return PTR_ERR(f);
	}
	ubuf = vm_mmap(NULL, 0, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	n = IS_ERR_VALUE(ubuf) ? (long)ubuf :
	    f->f_op->read(f, (char __user *)ubuf, len - 1, &pos);
	if (n >= 0 && copy_from_user(buf, (void __user *)ubuf, n))
		n = -EFAULT;
	if (!IS_ERR_VALUE(ubuf))
		vm_munmap(ubuf, len);
	fput(f);
	kern_unmount(mnt);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return 0;
}

static void debugfs_listing_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	char *text, want[64];
	long ret;

	KT_SKIP_IF_REFUSED(test);
	text = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, text);
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, 0), 0);
	kt_use_mm();
	if (kt_read_debugfs(text, PAGE_SIZE) == -ENODEV) {
		kt_unuse_mm();
		kunit_skip(test, "this kernel has no debugfs (CONFIG_DEBUG_FS)");
	}
	ret = kt_map(test, KT_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(ret));
	KUNIT_EXPECT_EQ(test, kt_read_debugfs(text, PAGE_SIZE), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, dev_name(kt_dev)));
	snprintf(want, sizeof(want), "policy=%s state=live",
		 cohmap_policy_name(cohmap_buffer_policy(c->t.buf, NULL)));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, want));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "mappings=1 "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "  why: "));

	cohmap_buffer_revoke(c->t.buf);
	KUNIT_EXPECT_EQ(test, kt_read_debugfs(text, PAGE_SIZE), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "state=revoked"));
	if (!IS_ERR_VALUE(ret))
		kt_unmap(ret, KT_SIZE);
	kt_unuse_mm();
}

/* ---- colour-congruent placement, policy (c) --------------------------- */

static void colour_environment_test(struct kunit *test)
{
	if (expect_colour < 0)
		kunit_skip(test, "no expect_colour= given for this machine");
	KUNIT_EXPECT_EQ(test, !!cohmap_colour_span(kt_dev), !!expect_colour);
	if (cohmap_colour_span(kt_dev)) {
		KUNIT_EXPECT_TRUE(test, is_power_of_2(cohmap_colour_span(kt_dev)));
		KUNIT_EXPECT_GT(test, cohmap_colour_span(kt_dev), PAGE_SIZE);
		if (dma_can_mmap(kt_dev))
			KUNIT_EXPECT_EQ(test,
					cohmap_choose_policy(kt_dev, 0, 0, NULL),
					COHMAP_POLICY_COLOUR);
	}
}

/*
 * Where the data cache cannot alias, the helper changes no address: the
 * same requests through a file without it land at the same places, and
 * MAP_FIXED is never refused.
 */
static void colour_noop_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	const unsigned long offs[] = { 0, 1, 3 };
	unsigned long i, a, b, hint;
	struct file *plain;

	KT_SKIP_IF_REFUSED(test);
	if (cohmap_colour_span(kt_dev))
		kunit_skip(test, "the data cache aliases here: placement matters");
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, 0), 0);
	plain = anon_inode_getfile("[cohmap-kunit-plain]", &kt_plain_fops,
				   &c->t, O_RDWR);
	KUNIT_ASSERT_FALSE(test, IS_ERR(plain));

	kt_use_mm();
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		size_t len = (KT_PAGES - offs[i]) * PAGE_SIZE;

		/* No hint: the mm's own choice, twice in a row. */
		a = vm_mmap(plain, 0, len, PROT_READ, MAP_SHARED,
			    offs[i] * PAGE_SIZE);
		KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(a));
		if (!IS_ERR_VALUE(a))
			kt_unmap(a, len);
		b = kt_map(test, len, PROT_READ, MAP_SHARED, offs[i] * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, b, a);
		if (!IS_ERR_VALUE(b))
			kt_unmap(b, len);

		/*
		 * A free hint one page off any colour boundary is kept as is
		 * (below the lowest mapping, where the top-down mm has room).
		 */
		hint = (a & ~(SZ_1M - 1)) - SZ_16M + PAGE_SIZE;
		b = vm_mmap(c->file, hint, len, PROT_READ, MAP_SHARED,
			    offs[i] * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, b, hint);
		if (!IS_ERR_VALUE(b))
			kt_unmap(b, len);

		/* MAP_FIXED at another odd page: taken. */
		b = vm_mmap(c->file, hint + 3 * PAGE_SIZE, len, PROT_READ,
			    MAP_SHARED | MAP_FIXED, offs[i] * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, b, hint + 3 * PAGE_SIZE);
		if (!IS_ERR_VALUE(b))
			kt_unmap(b, len);
	}
	kt_unuse_mm();
	fput(plain);
}

/*
 * Where it can alias: every mapping lands congruent with the kernel
 * address of the buffer page it starts at, whatever the hint; a MAP_FIXED
 * off colour is refused, one on colour is taken, and the data is shared.
 */
static void colour_placement_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	unsigned long span = cohmap_colour_span(kt_dev);
	unsigned long i, a, want, kaddr;
	u8 *kbuf;
	int err;

	KT_SKIP_IF_REFUSED(test);
	if (!span)
		kunit_skip(test, "the data cache cannot alias here");
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, 0), 0);
	kbuf = c->t.buf->vaddr;
	for (i = 0; i < KT_SIZE; i++)
		kbuf[i] = (u8)(i / PAGE_SIZE + 1);

	kt_use_mm();
	for (i = 0; i < KT_PAGES; i++) {
		size_t len = (KT_PAGES - i) * PAGE_SIZE;
		u8 byte = 0;

		kaddr = (unsigned long)kbuf + i * PAGE_SIZE;
		want = kaddr & (span - 1);
		a = kt_map(test, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			   i * PAGE_SIZE);
		KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(a));
		if (IS_ERR_VALUE(a))
			continue;
		KUNIT_EXPECT_EQ(test, a & (span - 1), want);
		err = get_user(byte, (u8 __user *)a);
		KUNIT_EXPECT_EQ(test, err, 0);
		KUNIT_EXPECT_EQ(test, byte, (u8)(i + 1));
		kt_unmap(a, len);

		/* An incongruent hint is moved to the right colour. */
		a = vm_mmap(c->file, (a & ~(span - 1)) + span + want + PAGE_SIZE,
			    len, PROT_READ, MAP_SHARED, i * PAGE_SIZE);
		KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(a));
		if (!IS_ERR_VALUE(a)) {
			KUNIT_EXPECT_EQ(test, a & (span - 1), want);
			kt_unmap(a, len);
		}

		/* MAP_FIXED, below everything: off colour refused, on taken. */
		a = (a & ~(span - 1)) - 8 * span;
		KUNIT_EXPECT_EQ(test, (long)vm_mmap(c->file, a + want + PAGE_SIZE,
						    len, PROT_READ,
						    MAP_SHARED | MAP_FIXED,
						    i * PAGE_SIZE), -EINVAL);
		KUNIT_EXPECT_EQ(test, vm_mmap(c->file, a + want, len, PROT_READ,
					      MAP_SHARED | MAP_FIXED,
					      i * PAGE_SIZE), a + want);
		kt_unmap(a + want, len);
	}
	kt_unuse_mm();
}

/*
 * A one-page buffer whose kernel address is not at colour 0, so that a
 * placement by file offset (which gives colour 0 for offset 0) and one by
 * kernel address differ. Large buffers are often aligned to the colour
 * span (mips KSEG1 addresses are physical ones), which hides the
 * difference; single pages land on both colours.
 */
static int kt_new_buffer_off_colour(struct kunit *test, unsigned long span)
{
	struct cohmap_buffer *rejects[16];
	struct kt_ctx *c = test->priv;
	int i, n = 0, ret = -EAGAIN;

	for (i = 0; i < ARRAY_SIZE(rejects); i++) {
		ret = kt_new_buffer(test, PAGE_SIZE, 0);
		if (ret)
			break;
		if ((unsigned long)c->t.buf->vaddr & (span - 1))
			break;
		rejects[n++] = c->t.buf;
		c->t.buf = NULL;
		ret = -EAGAIN;
	}
	while (n)
		cohmap_buffer_free(rejects[--n]);
	return ret;
}

/*
 * The colour followed is the kernel address's, not the file offset's: a
 * buffer at kernel colour k mapped from offset 0 lands at colour k, and
 * MAP_FIXED at colour 0 (where an offset-coloured mapping would go) is
 * refused.
 */
static void colour_kernel_address_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	unsigned long span = cohmap_colour_span(kt_dev);
	unsigned long a, want;
	u8 byte = 0;

	KT_SKIP_IF_REFUSED(test);
	if (!span)
		kunit_skip(test, "the data cache cannot alias here");
	KUNIT_ASSERT_EQ_MSG(test, kt_new_buffer_off_colour(test, span), 0,
			    "16 one-page buffers, all at kernel colour 0");
	want = (unsigned long)c->t.buf->vaddr & (span - 1);
	kunit_info(test, "kernel colour %#lx of %#lx", want, span);
	*(u8 *)c->t.buf->vaddr = 0x5a;

	kt_use_mm();
	a = kt_map(test, PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(a));
	if (!IS_ERR_VALUE(a)) {
		KUNIT_EXPECT_EQ(test, a & (span - 1), want);
		KUNIT_EXPECT_EQ(test, get_user(byte, (u8 __user *)a), 0);
		KUNIT_EXPECT_EQ(test, byte, 0x5a);
		kt_unmap(a, PAGE_SIZE);
		a = (a & ~(span - 1)) - 8 * span;
		KUNIT_EXPECT_EQ(test, (long)vm_mmap(c->file, a, PAGE_SIZE,
						    PROT_READ,
						    MAP_SHARED | MAP_FIXED, 0),
				-EINVAL);
	}
	kt_unuse_mm();
}

/*
 * Policy (e): buffers still allocate (the kernel and the device use them),
 * but no mapping is made, stateless or not, and the reason is given.
 */
static void refuse_test(struct kunit *test)
{
	struct kt_ctx *c = test->priv;
	const char *why = NULL;
	long ret;

	if (cohmap_choose_policy(kt_dev, 0, 0, NULL) != COHMAP_POLICY_REFUSE)
		kunit_skip(test, "user mappings are possible here");
	KUNIT_EXPECT_FALSE(test, dma_can_mmap(kt_dev));
	KUNIT_ASSERT_EQ(test, kt_new_buffer(test, KT_SIZE, 0), 0);
	KUNIT_EXPECT_EQ(test, cohmap_buffer_policy(c->t.buf, &why),
			COHMAP_POLICY_REFUSE);
	KUNIT_EXPECT_NOT_NULL(test, strstr(why, "dma_can_mmap"));

	kt_use_mm();
	ret = kt_map(test, KT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, ret, -ENXIO);
	if (!IS_ERR_VALUE(ret))
		kt_unmap(ret, KT_SIZE);
	kt_unuse_mm();
	cohmap_buffer_free(c->t.buf);
	c->t.buf = NULL;

	KUNIT_ASSERT_EQ(test, kt_new_stateless(test, KT_SIZE), 0);
	kt_use_mm();
	ret = kt_map(test, PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, ret, -ENXIO);
	if (!IS_ERR_VALUE(ret))
		kt_unmap(ret, PAGE_SIZE);
	kt_unuse_mm();
}

KT_PARAM_RUNNER(policy_name_test, kt_name_gen_params, kt_init, kt_exit);
KT_PARAM_RUNNER(check_vma_test, kt_vma_gen_params, kt_init, kt_exit);
KT_PARAM_RUNNER(alloc_rejects_test, kt_alloc_gen_params, kt_init, kt_exit);
KT_PARAM_RUNNER(user_pfn_is_device_pfn_test, kt_map_gen_params, kt_init, kt_exit);
KT_PARAM_RUNNER(data_both_ways_test, kt_map_gen_params, kt_init, kt_exit);
KT_PARAM_RUNNER(user_memtype_test, kt_map_gen_params, kt_init, kt_exit);

static struct kunit_case cohmap_cases[] = {
	KT_CASE_PARAM(policy_name_test, kt_name_gen_params),
	KUNIT_CASE(stateless_policy_test),
	KUNIT_CASE(buffer_policy_test),
	KUNIT_CASE(environment_test),
	KT_CASE_PARAM(check_vma_test, kt_vma_gen_params),
	KT_CASE_PARAM(alloc_rejects_test, kt_alloc_gen_params),
	KUNIT_CASE(adopt_rejects_null_test),
	KT_CASE_PARAM(user_pfn_is_device_pfn_test, kt_map_gen_params),
	KT_CASE_PARAM(data_both_ways_test, kt_map_gen_params),
	KT_CASE_PARAM(user_memtype_test, kt_map_gen_params),
	KUNIT_CASE(buffer_vma_flags_test),
	KUNIT_CASE(refused_mappings_test),
	KUNIT_CASE(mapping_count_test),
	KUNIT_CASE(exclusive_same_mm_test),
	KUNIT_CASE(revoke_test),
	KUNIT_CASE(free_while_mapped_test),
	KUNIT_CASE(disown_test),
	KUNIT_CASE(populate_test),
	KUNIT_CASE(debugfs_listing_test),
	KUNIT_CASE(refuse_test),
	KUNIT_CASE(colour_environment_test),
	KUNIT_CASE(colour_noop_test),
	KUNIT_CASE(colour_placement_test),
	KUNIT_CASE(colour_kernel_address_test),
	{}
};

/*
 * The suite binds its device as a PCI driver: DMA configuration (IOMMU
 * attach, coherence from firmware) happens at bind time on arm64, so an
 * unbound device would not show the machine's real DMA setup.
 */
static void kt_detach_pool(void *dev)
{
	of_reserved_mem_device_release(dev);
}

/* A per-device pool the device tree names for the device, as drivers do. */
static int kt_attach_pool(struct device *dev)
{
	int ret;

	if (!dev->of_node || !of_find_property(dev->of_node, "memory-region", NULL))
		return 0;
	ret = of_reserved_mem_device_init(dev);
	if (ret)
		return ret;
	return devm_add_action_or_reset(dev, kt_detach_pool, dev);
}

static int kt_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	if (kt_dev)
		return -EBUSY;
	if (*dev_param ? strcmp(pci_name(pdev), dev_param) :
	    pdev->vendor != 0x1234 || pdev->device != 0x11e8)
		return -ENODEV;
	if (dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32)))
		return -EIO;
	ret = kt_attach_pool(&pdev->dev);
	if (ret)
		return ret;
	kt_dev = get_device(&pdev->dev);
	return 0;
}

static void kt_remove(struct pci_dev *pdev)
{
}

static const struct pci_device_id kt_ids[] = {
	{ PCI_DEVICE(PCI_ANY_ID, PCI_ANY_ID) },
	{}
};

static struct pci_driver kt_driver = {
	.name = KBUILD_MODNAME,
	.id_table = kt_ids,
	.probe = kt_probe,
	.remove = kt_remove,
};

#ifdef MODULE
/* Runs in the loading process: its address space hosts the test mappings. */
static int cohmap_suite_init(struct kunit_suite *suite)
{
	if (!current->mm) {
		pr_err("cohmap_kunit: must be loaded by a user process\n");
		return -EINVAL;
	}
	if (!kt_dev) {
		pr_err("cohmap_kunit: device '%s' not found or not free to bind\n",
		       *dev_param ? dev_param : "edu 1234:11e8");
		return -ENODEV;
	}
	mmget(current->mm);
	kt_mm = current->mm;
	return 0;
}

static void cohmap_suite_exit(struct kunit_suite *suite)
{
	if (kt_mm)
		mmput(kt_mm);
	kt_mm = NULL;
}
#else
#if !KT_HAVE_KUNIT_SUITE_INIT
/* As a module it runs on older kernels too (from module_init). */
#error "cohmap's KUnit suite built in needs KUnit's suite_init (Linux 6.0+)"
#endif
/*
 * Built in, KUnit runs the suite from kernel_init() after the initcalls,
 * so the PCI devices are there to bind, but no process is: the mappings go
 * into a fresh address space laid out as exec would lay out a new
 * program's, which no task but the cases' kthreads ever uses.
 */
static int cohmap_suite_init(struct kunit_suite *suite)
{
	struct mm_struct *mm;
	int ret;

	ret = pci_register_driver(&kt_driver);
	if (ret)
		return ret;
	if (!kt_dev && *dev_param)
		kt_no_device = "no device: cohmap_kunit.dev= names no free PCI device";
	else if (!kt_dev)
		kt_no_device = "no device: no edu (1234:11e8) to bind; QEMU: -device edu";
	if (!kt_dev)
		pr_warn("cohmap_kunit: %s\n", kt_no_device);
	mm = mm_alloc();
	if (!mm) {
		pci_unregister_driver(&kt_driver);
		return -ENOMEM;
	}
	mm->task_size = TASK_SIZE;
	arch_pick_mmap_layout(mm, &current->signal->rlim[RLIMIT_STACK]);
	kt_mm = mm;
	return 0;
}

static void cohmap_suite_exit(struct kunit_suite *suite)
{
	pci_unregister_driver(&kt_driver);
	if (kt_dev)
		put_device(kt_dev);
	kt_dev = NULL;
	if (kt_mm)
		mmput(kt_mm);
	kt_mm = NULL;
}
#endif

static struct kunit_suite cohmap_suite = {
	.name = "cohmap",
	KT_SUITE_HOOKS(cohmap_suite_init, cohmap_suite_exit)
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = cohmap_cases,
};

#ifndef MODULE
kunit_test_suite(cohmap_suite);
#else
/*
 * Run from module_init rather than kunit_test_suite(): 6.1 runs a module's
 * suites from the MODULE_STATE_COMING notifier, before module parameters
 * are parsed, and this suite needs dev= and the expectations.
 */
static struct kunit_suite *cohmap_suites[] = { &cohmap_suite, NULL };

/* Bind, test, and let the device go again for the next driver. */
static int __init cohmap_kunit_init(void)
{
	int ret = pci_register_driver(&kt_driver);

	if (ret)
		return ret;
	ret = kt_run_suites(cohmap_suites, 1, cohmap_suite_init,
			    cohmap_suite_exit);
	pci_unregister_driver(&kt_driver);
	if (kt_dev)
		put_device(kt_dev);
	kt_dev = NULL;
	return ret;
}
module_init(cohmap_kunit_init);

static void __exit cohmap_kunit_exit(void)
{
	kt_exit_suites(cohmap_suites, 1);
}
module_exit(cohmap_kunit_exit);
#endif

MODULE_DESCRIPTION("KUnit tests for cohmap");
MODULE_LICENSE("GPL");
