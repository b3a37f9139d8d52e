/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the legacy sample drivers share: QEMU's edu device (1234:11e8), one
 * DMA transfer, and the COHMAP_EDU_DMA / COHMAP_EDU_KRW ioctls of
 * samples/edu/cohmap_edu.h on the driver's one buffer (is_static = 1), so
 * the end-to-end checks run against every driver alike.
 *
 * What differs between the drivers, how the buffer is allocated and how it
 * is mapped to user space, stays in each driver's one .c file, where the
 * semantic patches see allocation and mmap together as in real drivers.
 *
 * Include this once per module: it defines the "bdf" module parameter.
 */
#ifndef _LEGACY_EDU_H
#define _LEGACY_EDU_H

#include <linux/bits.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/uaccess.h>
#include "cohmap_edu.h"

#define LEGACY_EDU_VENDOR	0x1234
#define LEGACY_EDU_DEVICE	0x11e8

#define LEGACY_EDU_REG_ID	0x00	/* 0xRRrr00ed */
#define LEGACY_EDU_REG_SRC	0x80
#define LEGACY_EDU_REG_DST	0x88
#define LEGACY_EDU_REG_COUNT	0x90
#define LEGACY_EDU_REG_CMD	0x98
#define LEGACY_EDU_CMD_START	BIT(0)
#define LEGACY_EDU_CMD_TO_RAM	BIT(1)
#define LEGACY_EDU_DMA_BASE	0x40000	/* device address of its buffer */
/* QEMU 7.2 aborts unless dev_off + len < 4096 (off-by-one). */
#define LEGACY_EDU_DMA_MAX	4095
#define LEGACY_EDU_TIMEOUT_US	(2 * USEC_PER_SEC)

/* Every legacy driver's buffer has the size the end-to-end checks map. */
#define LEGACY_BUF_SIZE		COHMAP_EDU_STATIC_SIZE

static char *bdf;
module_param(bdf, charp, 0444);
MODULE_PARM_DESC(bdf, "bind only the edu device at this PCI address");

/**
 * struct legacy_edu - the device side of a legacy driver
 * @pdev: the PCI device
 * @regs: BAR0
 * @lock: serialises DMA transfers
 */
struct legacy_edu {
	struct pci_dev *pdev;
	void __iomem *regs;
	struct mutex lock;	/* see above */
};

/* One device per module; a test loads each driver for one edu. */
static bool legacy_edu_bound;

/*
 * legacy_edu_enable() - claim @pdev if it is ours, map BAR0, 32-bit DMA.
 * Return: 0, -ENODEV if "bdf" names another device, -EBUSY if this module
 * already drives one, or an error from the PCI or DMA layer.
 */
static inline int legacy_edu_enable(struct legacy_edu *edu,
				    struct pci_dev *pdev)
{
	u32 ident;
	int ret;

	if (bdf && *bdf && strcmp(pci_name(pdev), bdf))
		return -ENODEV;
	if (legacy_edu_bound)
		return -EBUSY;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(0), KBUILD_MODNAME);
	if (ret)
		return ret;
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (ret)
		return ret;
	edu->pdev = pdev;
	edu->regs = pcim_iomap_table(pdev)[0];
	ident = ioread32(edu->regs + LEGACY_EDU_REG_ID);
	if ((ident & 0xff) != 0xed)
		return -ENODEV;
	mutex_init(&edu->lock);
	pci_set_master(pdev);
	legacy_edu_bound = true;
	return 0;
}

static inline void legacy_edu_disable(struct legacy_edu *edu)
{
	mutex_destroy(&edu->lock);
	legacy_edu_bound = false;
}

/* The DMA registers take 8-byte accesses; edu is little-endian here. */
static inline void legacy_edu_wr64(struct legacy_edu *edu, unsigned int reg,
				   u64 val)
{
#ifdef CONFIG_64BIT
	writeq(val, edu->regs + reg);
#else
	iowrite32(lower_32_bits(val), edu->regs + reg);
#endif
}

static inline u32 legacy_edu_rd32(struct legacy_edu *edu, unsigned int reg)
{
	return ioread32(edu->regs + reg);
}

/* One transfer between RAM at @ram and the edu buffer at @dev_off. */
static inline int legacy_edu_dma(struct legacy_edu *edu, dma_addr_t ram,
				 u32 dev_off, u32 len, u32 dir)
{
	u64 dev_addr = LEGACY_EDU_DMA_BASE + dev_off;
	u32 cmd = LEGACY_EDU_CMD_START, status;
	int ret;

	mutex_lock(&edu->lock);
	if (legacy_edu_rd32(edu, LEGACY_EDU_REG_CMD) & LEGACY_EDU_CMD_START) {
		ret = -EBUSY;
		goto out;
	}
	if (dir == COHMAP_EDU_TO_DEVICE) {
		legacy_edu_wr64(edu, LEGACY_EDU_REG_SRC, ram);
		legacy_edu_wr64(edu, LEGACY_EDU_REG_DST, dev_addr);
	} else {
		legacy_edu_wr64(edu, LEGACY_EDU_REG_SRC, dev_addr);
		legacy_edu_wr64(edu, LEGACY_EDU_REG_DST, ram);
		cmd |= LEGACY_EDU_CMD_TO_RAM;
	}
	legacy_edu_wr64(edu, LEGACY_EDU_REG_COUNT, len);
	iowrite32(cmd, edu->regs + LEGACY_EDU_REG_CMD);
	ret = read_poll_timeout(legacy_edu_rd32, status,
				!(status & LEGACY_EDU_CMD_START),
				USEC_PER_MSEC, LEGACY_EDU_TIMEOUT_US, false,
				edu, LEGACY_EDU_REG_CMD);
out:
	mutex_unlock(&edu->lock);
	return ret;
}

static inline bool legacy_in_bounds(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

/*
 * legacy_edu_ioctl() - COHMAP_EDU_DMA and COHMAP_EDU_KRW on the driver's
 * buffer (@cpu_addr, @dma_addr, @size bytes); is_static must be 1.
 */
static inline long legacy_edu_ioctl(struct legacy_edu *edu, void *cpu_addr,
				    dma_addr_t dma_addr, size_t size,
				    unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct cohmap_edu_krw k;
	struct cohmap_edu_dma d;
	void __user *uptr;

	switch (cmd) {
	case COHMAP_EDU_DMA:
		if (copy_from_user(&d, argp, sizeof(d)))
			return -EFAULT;
		if (d.is_static != 1)
			return -ENXIO;
		if (d.dir > COHMAP_EDU_FROM_DEVICE || !d.len ||
		    (u64)d.dev_off + d.len > LEGACY_EDU_DMA_MAX ||
		    !legacy_in_bounds(d.buf_off, d.len, size))
			return -EINVAL;
		return legacy_edu_dma(edu, dma_addr + d.buf_off, d.dev_off,
				      d.len, d.dir);
	case COHMAP_EDU_KRW:
		if (copy_from_user(&k, argp, sizeof(k)))
			return -EFAULT;
		if (k.is_static != 1)
			return -ENXIO;
		if (k.write > 1 || !legacy_in_bounds(k.buf_off, k.len, size))
			return -EINVAL;
		uptr = u64_to_user_ptr(k.user_ptr);
		if (k.write)
			return copy_from_user(cpu_addr + k.buf_off, uptr,
					      k.len) ? -EFAULT : 0;
		return copy_to_user(uptr, cpu_addr + k.buf_off,
				    k.len) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

#endif /* _LEGACY_EDU_H */
