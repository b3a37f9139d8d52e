// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct acq {
	struct device *dev;
	void *buf;
	dma_addr_t dma;
	size_t size;
};

static int acq_start(struct acq *a, struct device *dev, size_t size)
{
	void *cpu;
	dma_addr_t dma;

	cpu = dma_alloc_coherent(dev, size, &dma, GFP_KERNEL);
	if (!cpu)
		return -ENOMEM;
	a->dev = dev;
	a->buf = cpu;
	a->dma = dma;
	a->size = size;
	return 0;
}

static int acq_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct acq *a = file->private_data;
	unsigned long kaddr = (unsigned long)a->buf;
	unsigned long pfn = virt_to_phys((void *)kaddr) >> PAGE_SHIFT;

	return remap_pfn_range(vma, vma->vm_start, pfn,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
