// SPDX-License-Identifier: GPL-2.0
/*
 * cohmap_edu: a PCI driver for QEMU's "edu" device (1234:11e8) built on a
 * vendored copy of cohmap. It is both the sample of how a driver uses
 * cohmap and the device under test of the end-to-end suite.
 *
 * Each open file may own one cohmap buffer (COHMAP_EDU_ALLOC), mapped at
 * file offset 0. The device's static buffer, allocated at probe with plain
 * dma_alloc_coherent() and adopted by cohmap (cohmap_buffer_adopt()), is
 * mapped at COHMAP_EDU_STATIC_OFF. The edu device copies between
 * either buffer and its own 4 KiB buffer on COHMAP_EDU_DMA.
 *
 * Loaded with any_bdf=ADDR it binds the device at ADDR whatever it is, for
 * boards without edu: its coherent buffers and user mappings work as on
 * edu, only COHMAP_EDU_DMA fails (-EOPNOTSUPP), as there is no DMA engine.
 *
 * Lifetime: the per-device state is reference counted by the open files
 * (and so, indirectly, by every user mapping, since a vma holds its file).
 * Unbinding the device frees every file's cohmap buffer, which revokes its
 * user mappings (SIGBUS on access), and frees the static buffer after
 * disowning it, which revokes its user mappings the same way; the files
 * stay open and return -ENODEV.
 */
#include <linux/bits.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <cohmap.h>
#include "cohmap_probed.h"
#include "cohmap_edu.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8

#define EDU_REG_ID		0x00	/* 0xRRrr00ed: major, minor, 00, ed */
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_CMD_START		BIT(0)	/* set to start; clear when done */
#define EDU_CMD_TO_RAM		BIT(1)	/* direction: edu buffer -> RAM */

#define EDU_DMA_BASE		0x40000	/* device address of its buffer */
#define EDU_DMA_SIZE		4096
/* QEMU 7.2 aborts unless dev_off + len < EDU_DMA_SIZE (off-by-one). */
#define EDU_DMA_MAX		(EDU_DMA_SIZE - 1)
/* edu runs each transfer from a 100 ms timer; allow plenty on slow TCG. */
#define EDU_DMA_TIMEOUT_US	(2 * USEC_PER_SEC)

#define EDU_ALLOC_FLAGS		(COHMAP_EDU_F_RDONLY | COHMAP_EDU_F_EXCLUSIVE | \
				 COHMAP_EDU_F_POPULATE)

static char *bdf;
module_param(bdf, charp, 0444);
MODULE_PARM_DESC(bdf, "bind only the edu device at this PCI address (e.g. 0000:00:04.0)");

/* Which f_op entry point maps, so a test can tell (read-only). */
static char *mmap_entry = COHMAP_HAVE_MMAP_PREPARE ? "mmap_prepare" : "mmap";
module_param(mmap_entry, charp, 0444);
MODULE_PARM_DESC(mmap_entry, "f_op entry point that maps buffers: mmap_prepare (7.x) or mmap (read-only)");

static char *any_bdf;
module_param(any_bdf, charp, 0444);
MODULE_PARM_DESC(any_bdf, "bind only the device at this PCI address, edu or not (without edu there is no DMA engine: everything but COHMAP_EDU_DMA works)");

/**
 * struct edu_dev - one bound edu device
 * @ref: held by the driver binding and by each open file
 * @pdev: the PCI device (a reference is held while @ref is)
 * @regs: BAR0, or NULL for a device that is no edu (no DMA engine)
 * @misc: /dev/KBUILD_MODNAME
 * @lock: protects @gone, the registers and the static buffer
 * @gone: the device was unbound; every file operation fails with -ENODEV
 * @static_cpu: the static buffer's kernel address (NULL once freed)
 * @static_dma: the static buffer's DMA address
 * @static_buf: cohmap's buffer object over it, for its user mappings
 * @files_lock: protects @files
 * @files: open files (struct edu_file)
 */
struct edu_dev {
	struct kref ref;
	struct pci_dev *pdev;
	void __iomem *regs;
	struct miscdevice misc;
	struct mutex lock;		/* see above */
	bool gone;
	void *static_cpu;
	dma_addr_t static_dma;
	struct cohmap_buffer *static_buf;
	struct mutex files_lock;	/* see above */
	struct list_head files;
};

/**
 * struct edu_file - per open file state
 * @edu: the device, referenced
 * @node: in edu_dev.files
 * @mapping: the file's address space, through which its vmas are zapped
 * @lock: protects @buf; taken before edu_dev.lock
 * @buf: this file's cohmap buffer, or NULL
 */
struct edu_file {
	struct edu_dev *edu;
	struct list_head node;
	struct address_space *mapping;
	struct mutex lock;		/* see above */
	struct cohmap_buffer *buf;
};

/* One device per module: a second vendored build binds a second device. */
static DEFINE_MUTEX(edu_bind_lock);
static struct edu_dev *edu_bound;

/*
 * Register access. edu is DEVICE_NATIVE_ENDIAN: on a big-endian QEMU
 * target (ppc64, mips, hppa) even a little-endian guest must swap. Build
 * with -DEDU_BE_REGS for those; nothing else changes.
 */
#ifdef EDU_BE_REGS
#define edu_ioread32(a)		ioread32be(a)
#define edu_iowrite32(v, a)	iowrite32be(v, a)
#define edu_cpu_to_reg64(v)	((__force u64)cpu_to_be64(v))
#else
#define edu_ioread32(a)		ioread32(a)
#define edu_iowrite32(v, a)	iowrite32(v, a)
#define edu_cpu_to_reg64(v)	((__force u64)cpu_to_le64(v))
#endif

static u32 edu_rd32(struct edu_dev *edu, unsigned int reg)
{
	return edu_ioread32(edu->regs + reg);
}

static void edu_wr32(struct edu_dev *edu, unsigned int reg, u32 val)
{
	edu_iowrite32(val, edu->regs + reg);
}

/* The DMA registers take 8-byte accesses (registers below 0x80 do not). */
static void edu_wr64(struct edu_dev *edu, unsigned int reg, u64 val)
{
#ifdef CONFIG_64BIT
	/* writeq() stores little-endian; undo that, then apply ours. */
	writeq(le64_to_cpu((__force __le64)edu_cpu_to_reg64(val)),
	       edu->regs + reg);
#else
	/*
	 * A 4-byte write to a DMA register sets all of it, zero-extended,
	 * and the DMA mask is 32 bits, so no address needs the upper half.
	 */
	edu_wr32(edu, reg, lower_32_bits(val));
#endif
}

/*
 * edu_dma_locked() - one transfer between RAM and the edu buffer
 * @edu: the device, with @edu->lock held and not gone
 * @ram: DMA address in RAM
 * @dev_off: offset in the edu buffer
 * @len: bytes, 1..EDU_DMA_MAX with @dev_off + @len <= EDU_DMA_MAX
 * @dir: COHMAP_EDU_TO_DEVICE or COHMAP_EDU_FROM_DEVICE
 *
 * Return: 0, -EBUSY if a transfer is still running, -ETIMEDOUT.
 */
static int edu_dma_locked(struct edu_dev *edu, dma_addr_t ram, u32 dev_off,
			  u32 len, u32 dir)
{
	u64 dev_addr = EDU_DMA_BASE + dev_off;
	u32 cmd = EDU_CMD_START;
	u32 status;
	int ret;

	lockdep_assert_held(&edu->lock);
	if (edu_rd32(edu, EDU_REG_DMA_CMD) & EDU_CMD_START)
		return -EBUSY;

	if (dir == COHMAP_EDU_TO_DEVICE) {
		edu_wr64(edu, EDU_REG_DMA_SRC, ram);
		edu_wr64(edu, EDU_REG_DMA_DST, dev_addr);
	} else {
		edu_wr64(edu, EDU_REG_DMA_SRC, dev_addr);
		edu_wr64(edu, EDU_REG_DMA_DST, ram);
		cmd |= EDU_CMD_TO_RAM;
	}
	edu_wr64(edu, EDU_REG_DMA_COUNT, len);
	/* iowrite32() orders the CPU's earlier stores to the buffer before it. */
	edu_wr32(edu, EDU_REG_DMA_CMD, cmd);

	ret = read_poll_timeout(edu_rd32, status, !(status & EDU_CMD_START),
				USEC_PER_MSEC, EDU_DMA_TIMEOUT_US, false,
				edu, EDU_REG_DMA_CMD);
	if (ret)
		/*
		 * The transfer may still land later: a real driver would
		 * reset the device before reusing the buffer. edu has no
		 * reset; the next transfer is refused with -EBUSY meanwhile.
		 */
		dev_err(&edu->pdev->dev, "DMA of %u bytes timed out\n", len);
	return ret;
}

static void edu_dev_free(struct kref *ref)
{
	struct edu_dev *edu = container_of(ref, struct edu_dev, ref);

	pci_dev_put(edu->pdev);
	mutex_destroy(&edu->files_lock);
	mutex_destroy(&edu->lock);
	kfree(edu);
}

static void edu_dev_put(struct edu_dev *edu)
{
	kref_put(&edu->ref, edu_dev_free);
}

/*
 * Revoke, scrub, free: once cohmap_buffer_revoke() returns no user pte
 * reaches @buf, so the poison is seen by nobody but a user access that got
 * past revocation (the lifetime tests look for it), and memory handed back
 * to the DMA layer carries none of this file's data.
 */
static void edu_buf_free(struct cohmap_buffer *buf)
{
	cohmap_buffer_revoke(buf);
	memset(buf->vaddr, COHMAP_EDU_POISON, buf->size);
	cohmap_buffer_free(buf);
}

static int edu_open(struct inode *inode, struct file *file)
{
	/* misc_open() calls us under misc_mtx: @edu is still registered. */
	struct edu_dev *edu = container_of(file->private_data, struct edu_dev,
					   misc);
	struct edu_file *ef;

	ef = kzalloc(sizeof(*ef), GFP_KERNEL);
	if (!ef)
		return -ENOMEM;
	mutex_init(&ef->lock);
	ef->mapping = file->f_mapping;
	ef->edu = edu;
	kref_get(&edu->ref);

	mutex_lock(&edu->files_lock);
	list_add(&ef->node, &edu->files);
	mutex_unlock(&edu->files_lock);

	file->private_data = ef;
	return 0;
}

/*
 * Take the file's buffer under ef->lock, so edu_remove() and edu_release()
 * never both free it, and free it after: freeing waits for mmap() calls in
 * flight, which take ef->lock (edu_get_unmapped_area(), edu_mmap()).
 */
static void edu_buf_drop(struct edu_file *ef)
{
	struct cohmap_buffer *buf;

	mutex_lock(&ef->lock);
	buf = ef->buf;
	ef->buf = NULL;
	mutex_unlock(&ef->lock);
	if (buf)
		edu_buf_free(buf);
}

/* Called once the last user mapping of the file is gone, too. */
static int edu_release(struct inode *inode, struct file *file)
{
	struct edu_file *ef = file->private_data;
	struct edu_dev *edu = ef->edu;

	edu_buf_drop(ef);

	mutex_lock(&edu->files_lock);
	list_del(&ef->node);
	mutex_unlock(&edu->files_lock);

	mutex_destroy(&ef->lock);
	kfree(ef);
	edu_dev_put(edu);
	return 0;
}

/*
 * Both entry points below share everything but how the mapping is named:
 * a vma for f_op->mmap, a vm_area_desc for f_op->mmap_prepare (7.x), where
 * the kernel has it. Which one this driver wires is decided at build time
 * by cohmap's feature probe.
 */
#if COHMAP_HAVE_MMAP_PREPARE
typedef struct vm_area_desc edu_map_t;
#define edu_map_pgoff(m)	((m)->pgoff)
#define edu_map_buffer(buf, m, off) cohmap_buffer_mmap_prepare(buf, m, off)
#else
typedef struct vm_area_struct edu_map_t;
#define edu_map_pgoff(m)	((m)->vm_pgoff)
#define edu_map_buffer(buf, m, off) cohmap_buffer_mmap(buf, m, off)
#endif

static int edu_mmap_static(struct edu_dev *edu, edu_map_t *map,
			   unsigned long offset)
{
	int ret;

	/* Under edu->lock: edu_remove() disowns the buffer once it is gone. */
	mutex_lock(&edu->lock);
	ret = edu->gone ? -ENODEV : edu_map_buffer(edu->static_buf, map, offset);
	mutex_unlock(&edu->lock);
	return ret;
}

static int edu_map(struct file *file, edu_map_t *map)
{
	struct edu_file *ef = file->private_data;
	unsigned long offset;
	int ret;

	/* Only a 32-bit mmap2() can pass a page offset this large. */
	if (edu_map_pgoff(map) > ULONG_MAX >> PAGE_SHIFT)
		return -EINVAL;
	offset = edu_map_pgoff(map) << PAGE_SHIFT;
	if (offset >= COHMAP_EDU_STATIC_OFF)
		return edu_mmap_static(ef->edu, map,
				       offset - COHMAP_EDU_STATIC_OFF);

	mutex_lock(&ef->lock);
	if (READ_ONCE(ef->edu->gone))
		ret = -ENODEV;
	else if (!ef->buf)
		ret = -ENXIO;
	else	/* cohmap checks @offset and the length against the buffer. */
		ret = edu_map_buffer(ef->buf, map, offset);
	mutex_unlock(&ef->lock);
	return ret;
}

#if COHMAP_HAVE_MMAP_PREPARE
static int edu_mmap_prepare(struct vm_area_desc *desc)
{
	return edu_map(desc->file, desc);
}
#else
static int edu_mmap(struct file *file, struct vm_area_struct *vma)
{
	return edu_map(file, vma);
}
#endif

/*
 * Where the data cache aliases, mappings must land at the colour of the
 * buffer's kernel address (cohmap refuses others); elsewhere this picks
 * exactly the address mmap() would have picked anyway.
 */
static unsigned long edu_get_unmapped_area(struct file *file,
					   unsigned long addr,
					   unsigned long len,
					   unsigned long pgoff,
					   unsigned long flags)
{
	struct edu_file *ef = file->private_data;
	struct edu_dev *edu = ef->edu;
	unsigned long offset, ret;

	if (pgoff > ULONG_MAX >> PAGE_SHIFT)
		return -EINVAL;
	offset = pgoff << PAGE_SHIFT;
	if (offset >= COHMAP_EDU_STATIC_OFF) {
		offset -= COHMAP_EDU_STATIC_OFF;
		if (offset >= COHMAP_EDU_STATIC_SIZE)
			offset = 0;	/* mmap() refuses it anyway */
		mutex_lock(&edu->lock);
		if (edu->gone)
			ret = cohmap_get_unmapped_area(&edu->pdev->dev, NULL,
						       file, addr, len, pgoff,
						       flags);
		else
			ret = cohmap_buffer_get_unmapped_area(edu->static_buf,
							      offset, file,
							      addr, len, pgoff,
							      flags);
		mutex_unlock(&edu->lock);
		return ret;
	}
	mutex_lock(&ef->lock);
	if (ef->buf)
		ret = cohmap_buffer_get_unmapped_area(ef->buf, offset, file,
						      addr, len, pgoff, flags);
	else
		ret = cohmap_get_unmapped_area(&edu->pdev->dev, NULL, file,
					       addr, len, pgoff, flags);
	mutex_unlock(&ef->lock);
	return ret;
}

static long edu_ioc_alloc(struct edu_file *ef, void __user *argp)
{
	struct cohmap_edu_alloc a;
	struct cohmap_buffer *buf;
	long ret = 0;

	BUILD_BUG_ON(COHMAP_EDU_F_RDONLY != COHMAP_RDONLY);
	BUILD_BUG_ON(COHMAP_EDU_F_EXCLUSIVE != COHMAP_EXCLUSIVE);
	BUILD_BUG_ON(COHMAP_EDU_F_POPULATE != COHMAP_POPULATE);

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	/* File offsets from COHMAP_EDU_STATIC_OFF on are the static buffer's. */
	if (!a.size || a.size > COHMAP_EDU_STATIC_OFF || a.pad ||
	    (a.flags & ~EDU_ALLOC_FLAGS))
		return -EINVAL;

	mutex_lock(&ef->lock);
	if (READ_ONCE(ef->edu->gone)) {
		ret = -ENODEV;
	} else if (ef->buf) {
		ret = -EEXIST;
	} else {
		buf = cohmap_buffer_alloc(&ef->edu->pdev->dev, a.size,
					  GFP_KERNEL, 0, a.flags);
		if (IS_ERR(buf))
			ret = PTR_ERR(buf);
		else
			ef->buf = buf;
	}
	mutex_unlock(&ef->lock);
	return ret;
}

static long edu_ioc_free(struct edu_file *ef)
{
	long ret = 0;

	mutex_lock(&ef->lock);
	if (READ_ONCE(ef->edu->gone))
		ret = -ENODEV;
	else if (!ef->buf)
		ret = -ENXIO;
	mutex_unlock(&ef->lock);
	if (!ret)
		edu_buf_drop(ef);
	return ret;
}

/* Is [@off, @off + @len) inside a buffer of @size bytes? */
static bool edu_in_bounds(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

static long edu_ioc_dma(struct edu_file *ef, void __user *argp)
{
	struct edu_dev *edu = ef->edu;
	struct cohmap_edu_dma d;
	long ret;

	if (!edu->regs)
		return -EOPNOTSUPP;
	if (copy_from_user(&d, argp, sizeof(d)))
		return -EFAULT;
	if (d.dir > COHMAP_EDU_FROM_DEVICE || d.is_static > 1 || !d.len ||
	    (u64)d.dev_off + d.len > EDU_DMA_MAX)
		return -EINVAL;

	if (d.is_static) {
		mutex_lock(&edu->lock);
		if (edu->gone)
			ret = -ENODEV;
		else if (!edu_in_bounds(d.buf_off, d.len, COHMAP_EDU_STATIC_SIZE))
			ret = -EINVAL;
		else
			ret = edu_dma_locked(edu, edu->static_dma + d.buf_off,
					     d.dev_off, d.len, d.dir);
		mutex_unlock(&edu->lock);
		return ret;
	}

	mutex_lock(&ef->lock);
	if (!ef->buf) {
		ret = READ_ONCE(edu->gone) ? -ENODEV : -ENXIO;
	} else if (!edu_in_bounds(d.buf_off, d.len, ef->buf->size)) {
		ret = -EINVAL;
	} else {
		mutex_lock(&edu->lock);
		if (edu->gone)
			ret = -ENODEV;
		else
			ret = edu_dma_locked(edu, ef->buf->dma_addr + d.buf_off,
					     d.dev_off, d.len, d.dir);
		mutex_unlock(&edu->lock);
	}
	mutex_unlock(&ef->lock);
	return ret;
}

/*
 * One chunk of COHMAP_EDU_KRW, copied between the buffer and @bounce under
 * the lock that keeps the buffer alive. The user copy happens outside it:
 * a fault on user memory takes mmap_lock, and our mmap() takes these locks
 * under mmap_lock.
 */
static long edu_krw_chunk(struct edu_file *ef, const struct cohmap_edu_krw *k,
			  u64 off, void *bounce, size_t len)
{
	struct edu_dev *edu = ef->edu;
	long ret = 0;
	void *vaddr;

	if (k->is_static) {
		mutex_lock(&edu->lock);
		if (edu->gone) {
			ret = -ENODEV;
		} else if (!edu_in_bounds(k->buf_off, k->len,
					  COHMAP_EDU_STATIC_SIZE)) {
			ret = -EINVAL;
		} else {
			vaddr = edu->static_cpu + off;
			if (k->write)
				memcpy(vaddr, bounce, len);
			else
				memcpy(bounce, vaddr, len);
		}
		mutex_unlock(&edu->lock);
		return ret;
	}

	mutex_lock(&ef->lock);
	if (!ef->buf) {
		ret = READ_ONCE(edu->gone) ? -ENODEV : -ENXIO;
	} else if (!edu_in_bounds(k->buf_off, k->len, ef->buf->size)) {
		ret = -EINVAL;
	} else {
		vaddr = ef->buf->vaddr + off;
		if (k->write)
			memcpy(vaddr, bounce, len);
		else
			memcpy(bounce, vaddr, len);
	}
	mutex_unlock(&ef->lock);
	return ret;
}

static long edu_ioc_krw(struct edu_file *ef, void __user *argp)
{
	struct cohmap_edu_krw k;
	void __user *uptr;
	void *bounce;
	size_t chunk;
	u64 done;
	long ret = 0;

	if (copy_from_user(&k, argp, sizeof(k)))
		return -EFAULT;
	if (k.write > 1 || k.is_static > 1)
		return -EINVAL;
	uptr = u64_to_user_ptr(k.user_ptr);

	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	for (done = 0; done < k.len; done += chunk) {
		chunk = min_t(u64, k.len - done, PAGE_SIZE);
		if (k.write && copy_from_user(bounce, uptr + done, chunk)) {
			ret = -EFAULT;
			break;
		}
		ret = edu_krw_chunk(ef, &k, k.buf_off + done, bounce, chunk);
		if (ret)
			break;
		if (!k.write && copy_to_user(uptr + done, bounce, chunk)) {
			ret = -EFAULT;
			break;
		}
	}
	kfree(bounce);
	return ret;
}

static long edu_ioc_info(struct edu_file *ef, void __user *argp)
{
	struct cohmap_edu_info info = { 0 };
	enum cohmap_policy policy;
	const char *why = NULL;
	unsigned long span;
	long ret = 0;

	mutex_lock(&ef->lock);
	if (!ef->buf) {
		ret = READ_ONCE(ef->edu->gone) ? -ENODEV : -ENXIO;
	} else {
		info.size = ef->buf->size;
		info.dma_addr = ef->buf->dma_addr;
		policy = cohmap_buffer_policy(ef->buf, &why);
		info.policy = policy;
		info.mappings = cohmap_buffer_mappings(ef->buf);
		strscpy(info.policy_name, cohmap_policy_name(policy),
			sizeof(info.policy_name));
		strscpy(info.why, why ? why : "", sizeof(info.why));
		span = cohmap_colour_span(ef->buf->dev);
		info.colour_span = span;
		if (span)
			info.colour_off = (unsigned long)ef->buf->vaddr &
					  (span - 1);
	}
	mutex_unlock(&ef->lock);

	if (!ret && copy_to_user(argp, &info, sizeof(info)))
		ret = -EFAULT;
	return ret;
}

static long edu_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct edu_file *ef = file->private_data;
	void __user *argp = (void __user *)arg;

	if (READ_ONCE(ef->edu->gone))
		return -ENODEV;

	switch (cmd) {
	case COHMAP_EDU_ALLOC:
		return edu_ioc_alloc(ef, argp);
	case COHMAP_EDU_FREE:
		return edu_ioc_free(ef);
	case COHMAP_EDU_DMA:
		return edu_ioc_dma(ef, argp);
	case COHMAP_EDU_KRW:
		return edu_ioc_krw(ef, argp);
	case COHMAP_EDU_INFO:
		return edu_ioc_info(ef, argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations edu_fops = {
	.owner		= THIS_MODULE,
	.open		= edu_open,
	.release	= edu_release,
#if COHMAP_HAVE_MMAP_PREPARE
	.mmap_prepare	= edu_mmap_prepare,
#else
	.mmap		= edu_mmap,
#endif
	.get_unmapped_area = edu_get_unmapped_area,
	.unlocked_ioctl	= edu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static void edu_detach_pool(void *dev)
{
	of_reserved_mem_device_release(dev);
}

/*
 * Where the firmware sets memory aside for this function (a device-tree
 * memory-region, e.g. a "shared-dma-pool"), coherent buffers come from
 * it. Detached by devres, so after the buffers devres frees at unbind.
 */
static int edu_attach_pool(struct device *dev)
{
	int ret;

	if (!dev->of_node || !of_find_property(dev->of_node, "memory-region", NULL))
		return 0;
	ret = of_reserved_mem_device_init(dev);
	if (ret) {
		dev_err(dev, "cannot attach its reserved memory: %d\n", ret);
		return ret;
	}
	dev_info(dev, "coherent buffers come from its reserved memory\n");
	return devm_add_action_or_reset(dev, edu_detach_pool, dev);
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	bool is_edu = pdev->vendor == EDU_VENDOR && pdev->device == EDU_DEVICE;
	struct edu_dev *edu;
	u32 ident = 0;
	int ret;

	if (any_bdf && *any_bdf) {
		if (strcmp(pci_name(pdev), any_bdf))
			return -ENODEV;
	} else if (!is_edu || (bdf && *bdf && strcmp(pci_name(pdev), bdf))) {
		return -ENODEV;
	}

	mutex_lock(&edu_bind_lock);
	if (edu_bound) {
		dev_info(dev, "%s already drives %s; load another copy for this one\n",
			 KBUILD_MODNAME, pci_name(edu_bound->pdev));
		ret = -EBUSY;
		goto unlock;
	}

	/* Another device only lends us its DMA setup: leave it disabled. */
	if (is_edu) {
		ret = pcim_enable_device(pdev);
		if (ret)
			goto unlock;
		ret = pcim_iomap_regions(pdev, BIT(0), KBUILD_MODNAME);
		if (ret)
			goto unlock;
	}
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret) {
		dev_err(dev, "no 32-bit DMA: %d\n", ret);
		goto unlock;
	}
	ret = edu_attach_pool(dev);
	if (ret)
		goto unlock;

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu) {
		ret = -ENOMEM;
		goto unlock;
	}
	kref_init(&edu->ref);
	edu->pdev = pci_dev_get(pdev);
	if (is_edu)
		edu->regs = pcim_iomap_table(pdev)[0];
	mutex_init(&edu->lock);
	mutex_init(&edu->files_lock);
	INIT_LIST_HEAD(&edu->files);

	if (is_edu) {
		ident = edu_rd32(edu, EDU_REG_ID);
		if ((ident & 0xff) != 0xed) {
			dev_err(dev, "not an edu device (id %#010x): wrong endianness?\n",
				ident);
			ret = -ENODEV;
			goto put;
		}
		pci_set_master(pdev);
	}

	edu->static_cpu = dma_alloc_coherent(dev, COHMAP_EDU_STATIC_SIZE,
					     &edu->static_dma, GFP_KERNEL);
	if (!edu->static_cpu) {
		ret = -ENOMEM;
		goto put;
	}
	edu->static_buf = cohmap_buffer_adopt(dev, edu->static_cpu,
					      edu->static_dma,
					      COHMAP_EDU_STATIC_SIZE, 0, 0);
	if (IS_ERR(edu->static_buf)) {
		ret = PTR_ERR(edu->static_buf);
		goto free_static;
	}

	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = KBUILD_MODNAME;
	edu->misc.fops = &edu_fops;
	edu->misc.parent = dev;
	pci_set_drvdata(pdev, edu);
	ret = misc_register(&edu->misc);	/* open() may run from here on */
	if (ret)
		goto disown_static;

	edu_bound = edu;
	mutex_unlock(&edu_bind_lock);
	if (is_edu)
		dev_info(dev, "edu %u.%u as /dev/%s, static buffer at DMA %pad\n",
			 ident >> 24, (ident >> 16) & 0xff, KBUILD_MODNAME,
			 &edu->static_dma);
	else
		dev_info(dev, "%04x:%04x (no DMA engine) as /dev/%s, static buffer at DMA %pad\n",
			 pdev->vendor, pdev->device, KBUILD_MODNAME,
			 &edu->static_dma);
	return 0;

disown_static:
	cohmap_buffer_disown(edu->static_buf);
free_static:
	dma_free_coherent(dev, COHMAP_EDU_STATIC_SIZE, edu->static_cpu,
			  edu->static_dma);
put:
	edu_dev_put(edu);
unlock:
	mutex_unlock(&edu_bind_lock);
	return ret;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);
	struct edu_file *ef;

	misc_deregister(&edu->misc);	/* no new opens */

	/* No mmap() of the static buffer is in flight once this is seen. */
	mutex_lock(&edu->lock);
	edu->gone = true;
	mutex_unlock(&edu->lock);

	/*
	 * Files stay open; their buffers go now, while the device is still
	 * bound: cohmap revokes the user mappings before freeing.
	 */
	mutex_lock(&edu->files_lock);
	list_for_each_entry(ef, &edu->files, node)
		edu_buf_drop(ef);
	mutex_unlock(&edu->files_lock);

	/* Unlocked: the mapping of an (a) or (d) buffer waits for mmap(). */
	cohmap_buffer_disown(edu->static_buf);
	memset(edu->static_cpu, COHMAP_EDU_POISON, COHMAP_EDU_STATIC_SIZE);
	dma_free_coherent(&pdev->dev, COHMAP_EDU_STATIC_SIZE, edu->static_cpu,
			  edu->static_dma);
	edu->static_cpu = NULL;

	mutex_lock(&edu_bind_lock);
	edu_bound = NULL;
	mutex_unlock(&edu_bind_lock);
	edu_dev_put(edu);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

/* With any_bdf=, every device is offered to probe, which takes only that one. */
static const struct pci_device_id edu_any_ids[] = {
	{ PCI_DEVICE(PCI_ANY_ID, PCI_ANY_ID) },
	{ }
};

static struct pci_driver edu_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= edu_ids,
	.probe		= edu_probe,
	.remove		= edu_remove,
};

static int __init edu_init(void)
{
	if (any_bdf && *any_bdf)
		edu_driver.id_table = edu_any_ids;
	return pci_register_driver(&edu_driver);
}
module_init(edu_init);

static void __exit edu_exit(void)
{
	pci_unregister_driver(&edu_driver);
}
module_exit(edu_exit);

MODULE_DESCRIPTION("cohmap sample: QEMU edu driver with mmap-able DMA buffers");
MODULE_LICENSE("GPL");
