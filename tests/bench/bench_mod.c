// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark fixture for make bench: maps one coherent buffer each way a
 * driver can (plain dma_mmap_coherent(), cohmap's stateless call, cohmap
 * buffers with policies (a) and (b)) and times the kernel's own access
 * through cpu_addr, so tests/bench/bench.c can compare them in one boot.
 *
 * It binds one PCI device only for its DMA configuration (an edu in the
 * testbed; bdf= picks it) and never starts DMA. Test-only: it lives beside
 * the tests, and vendors cohmap like any driver.
 */
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <cohmap.h>
#include "cohmap_bench.h"

static char *bdf;
module_param(bdf, charp, 0444);
MODULE_PARM_DESC(bdf, "bind only the device at this PCI address");

static struct device *bench_dev;

/**
 * struct bench_file - one open file: a pair of buffers of one size
 * @lock: protects everything below; mmap() takes it under mmap_lock
 * @a: the buffer mapped with policy (a)
 * @b: the buffer mapped with policy (b), by the DMA layer, and stateless
 * @bounce: the other side of the kernel's memcpy
 */
struct bench_file {
	struct mutex lock;	/* see above */
	struct cohmap_buffer *a;
	struct cohmap_buffer *b;
	void *bounce;
};

static int bench_open(struct inode *inode, struct file *file)
{
	struct bench_file *bf = kzalloc(sizeof(*bf), GFP_KERNEL);

	if (!bf)
		return -ENOMEM;
	mutex_init(&bf->lock);
	file->private_data = bf;
	return 0;
}

/*
 * Free @bf's buffers. Not under bf->lock: freeing revokes, which may wait
 * for an mmap() in flight, and mmap() takes that lock under mmap_lock.
 */
static void bench_free(struct bench_file *bf)
{
	struct cohmap_buffer *a, *b;
	void *bounce;

	mutex_lock(&bf->lock);
	a = bf->a;
	b = bf->b;
	bounce = bf->bounce;
	bf->a = NULL;
	bf->b = NULL;
	bf->bounce = NULL;
	mutex_unlock(&bf->lock);
	if (!IS_ERR_OR_NULL(a))
		cohmap_buffer_free(a);
	if (!IS_ERR_OR_NULL(b))
		cohmap_buffer_free(b);
	vfree(bounce);
}

static int bench_release(struct inode *inode, struct file *file)
{
	struct bench_file *bf = file->private_data;

	bench_free(bf);
	kfree(bf);
	return 0;
}

/* The buffer a way maps, or NULL. */
static struct cohmap_buffer *bench_buf(struct bench_file *bf, unsigned int way)
{
	return way == COHMAP_BENCH_WAY_REMAP ? bf->a : bf->b;
}

static int bench_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct bench_file *bf = file->private_data;
	unsigned int way = vma->vm_pgoff >> (COHMAP_BENCH_WAY_SHIFT - PAGE_SHIFT);
	struct cohmap_buffer *buf;
	int ret = -ENXIO;

	/* Each way maps its buffer from the first byte. */
	if (vma->vm_pgoff & ((1UL << (COHMAP_BENCH_WAY_SHIFT - PAGE_SHIFT)) - 1))
		return -EINVAL;
	mutex_lock(&bf->lock);
	buf = bench_buf(bf, way);
	if (IS_ERR_OR_NULL(buf))
		goto out;
	switch (way) {
	case COHMAP_BENCH_WAY_DMA:
		/* What drivers do today, as dma_direct_mmap() expects it. */
		if (vma->vm_end - vma->vm_start > PAGE_ALIGN(buf->size))
			break;
		vma->vm_pgoff = 0;
		ret = dma_mmap_coherent(bench_dev, vma, buf->vaddr,
					buf->dma_addr, buf->size);
		vma->vm_pgoff = COHMAP_BENCH_WAY_OFF(way) >> PAGE_SHIFT;
		break;
	case COHMAP_BENCH_WAY_STATELESS:
		ret = cohmap_mmap_coherent_at(bench_dev, vma, buf->vaddr,
					      buf->dma_addr, buf->size, 0, 0);
		break;
	case COHMAP_BENCH_WAY_REMAP:
	case COHMAP_BENCH_WAY_FAULT:
		ret = cohmap_buffer_mmap(buf, vma, 0);
		break;
	}
out:
	mutex_unlock(&bf->lock);
	return ret;
}

/* Huge mappings need an address congruent with the buffer (see cohmap). */
static unsigned long bench_get_unmapped_area(struct file *file,
					     unsigned long addr,
					     unsigned long len,
					     unsigned long pgoff,
					     unsigned long flags)
{
	struct bench_file *bf = file->private_data;
	unsigned int way = pgoff >> (COHMAP_BENCH_WAY_SHIFT - PAGE_SHIFT);
	struct cohmap_buffer *buf;
	unsigned long ret;

	mutex_lock(&bf->lock);
	buf = bench_buf(bf, way);
	if (IS_ERR(buf))
		buf = NULL;
	if (buf && (way == COHMAP_BENCH_WAY_REMAP ||
		    way == COHMAP_BENCH_WAY_FAULT))
		ret = cohmap_buffer_get_unmapped_area(buf, 0, file, addr, len,
						      pgoff, flags);
	else
		ret = cohmap_get_unmapped_area(bench_dev, buf ? buf->vaddr : NULL,
					       file, addr, len, pgoff, flags);
	mutex_unlock(&bf->lock);
	return ret;
}

/* Physically contiguous runs of a buffer, as the DMA layer describes it. */
static u32 bench_runs(struct cohmap_buffer *buf)
{
	struct scatterlist *sg;
	struct sg_table sgt;
	u32 runs = 0;
	phys_addr_t end = 0;
	int i;

	if (dma_get_sgtable(bench_dev, &sgt, buf->vaddr, buf->dma_addr,
			    buf->size))
		return 0;
	for_each_sg(sgt.sgl, sg, sgt.orig_nents, i) {
		if (!runs || sg_phys(sg) != end)
			runs++;
		end = sg_phys(sg) + sg->length;
	}
	sg_free_table(&sgt);
	return runs;
}

static long bench_setup(struct bench_file *bf, void __user *argp)
{
	struct cohmap_buffer *a, *b;
	struct cohmap_bench_setup s;
	const char *why;
	void *bounce;

	if (copy_from_user(&s, argp, sizeof(s)))
		return -EFAULT;
	if (s.size & ~PAGE_MASK)
		return -EINVAL;
	bench_free(bf);
	if (!s.size)
		return 0;

	a = cohmap_buffer_alloc(bench_dev, s.size, GFP_KERNEL, 0,
				COHMAP_POPULATE);
	b = cohmap_buffer_alloc(bench_dev, s.size, GFP_KERNEL, 0, 0);
	bounce = vmalloc(s.size);
	mutex_lock(&bf->lock);
	bf->a = a;
	bf->b = b;
	bf->bounce = bounce;
	mutex_unlock(&bf->lock);
	if (IS_ERR(a) || IS_ERR(b) || !bounce) {
		bench_free(bf);
		return -ENOMEM;
	}
	/* The kernel's copies must not pay for faulting the bounce in. */
	memset(bounce, 0x5a, s.size);
	s.policy_a = cohmap_buffer_policy(a, NULL);
	s.policy_b = cohmap_buffer_policy(b, &why);
	strscpy(s.why_b, why, sizeof(s.why_b));
	s.runs_a = bench_runs(a);
	s.runs_b = bench_runs(b);
	return copy_to_user(argp, &s, sizeof(s)) ? -EFAULT : 0;
}

static u64 bench_touch(const u8 *cpu, size_t size)
{
	size_t off;
	u64 sum = 0;

	for (off = 0; off < size; off += PAGE_SIZE)
		sum += READ_ONCE(*(const u32 *)(cpu + off));
	return sum;
}

/*
 * The buffers change only through this file's ioctls, which user space
 * does not run concurrently with this one in the bench; the lock only
 * keeps a racing SETUP from freeing them underneath.
 */
static long bench_kernel(struct bench_file *bf, void __user *argp)
{
	struct cohmap_bench_kernel k;
	struct cohmap_buffer *b;
	long ret = 0;
	u64 t0;

	if (copy_from_user(&k, argp, sizeof(k)))
		return -EFAULT;
	mutex_lock(&bf->lock);
	b = bf->b;
	if (IS_ERR_OR_NULL(b)) {
		mutex_unlock(&bf->lock);
		return -ENXIO;
	}
	t0 = ktime_get_ns();
	switch (k.op) {
	case COHMAP_BENCH_K_TOUCH:
		k.sum = bench_touch(b->vaddr, b->size);
		break;
	case COHMAP_BENCH_K_COPY_OUT:
		memcpy(bf->bounce, b->vaddr, b->size);
		break;
	case COHMAP_BENCH_K_COPY_IN:
		memcpy(b->vaddr, bf->bounce, b->size);
		break;
	default:
		ret = -EINVAL;
	}
	k.ns = ktime_get_ns() - t0;
	mutex_unlock(&bf->lock);
	if (!ret && copy_to_user(argp, &k, sizeof(k)))
		ret = -EFAULT;
	return ret;
}

static long bench_ioctl(struct file *file, unsigned int cmd,
			unsigned long arg)
{
	struct bench_file *bf = file->private_data;

	switch (cmd) {
	case COHMAP_BENCH_SETUP:
		return bench_setup(bf, (void __user *)arg);
	case COHMAP_BENCH_KERNEL:
		return bench_kernel(bf, (void __user *)arg);
	}
	return -ENOTTY;
}

static const struct file_operations bench_fops = {
	.owner		= THIS_MODULE,
	.open		= bench_open,
	.release	= bench_release,
	.mmap		= bench_mmap,
	.get_unmapped_area = bench_get_unmapped_area,
	.unlocked_ioctl	= bench_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice bench_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= KBUILD_MODNAME,
	.fops	= &bench_fops,
};

static int bench_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	if (bench_dev || !bdf || strcmp(pci_name(pdev), bdf))
		return -ENODEV;
	/* Nothing is ever DMAed: the mask only lets large buffers anywhere. */
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	bench_dev = &pdev->dev;
	bench_misc.parent = bench_dev;
	ret = misc_register(&bench_misc);
	if (ret)
		bench_dev = NULL;
	return ret;
}

static void bench_remove(struct pci_dev *pdev)
{
	misc_deregister(&bench_misc);
	bench_dev = NULL;
}

static const struct pci_device_id bench_ids[] = {
	{ PCI_DEVICE(PCI_ANY_ID, PCI_ANY_ID) },
	{ }
};

static struct pci_driver bench_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= bench_ids,
	.probe		= bench_probe,
	.remove		= bench_remove,
};
module_pci_driver(bench_driver);

MODULE_DESCRIPTION("cohmap benchmark fixture (make bench)");
MODULE_LICENSE("GPL");
