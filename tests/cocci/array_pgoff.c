// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

#define NRING		8
#define RING_LEN	SZ_64K

struct fpga {
	struct device *dev;
	void *buf[NRING];
	dma_addr_t buf_dma[NRING];
};

static int fpga_alloc(struct fpga *fp)
{
	int i;

	for (i = 0; i < NRING; i++)
		fp->buf[i] = dma_alloc_coherent(fp->dev, RING_LEN,
						&fp->buf_dma[i], GFP_KERNEL);
	return 0;
}

static int fpga_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct fpga *fp = file->private_data;
	unsigned int idx = vma->vm_pgoff;

	if (idx >= NRING)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start,
			       fp->buf_dma[idx] >> PAGE_SHIFT,
			       RING_LEN, vma->vm_page_prot);
}
