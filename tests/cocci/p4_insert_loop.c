// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct snd {
	struct device *dev;
	char *area;
	dma_addr_t addr;
	size_t bytes;
};

static int snd_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct snd *s = file->private_data;
	unsigned long start = vma->vm_start;
	unsigned long size = vma->vm_end - vma->vm_start;
	char *pos = s->area;

	while (size > 0) {
		struct page *page = virt_to_page(pos);

		if (vm_insert_page(vma, start, page))
			return -EAGAIN;
		start += PAGE_SIZE;
		pos += PAGE_SIZE;
		size -= PAGE_SIZE;
	}
	return 0;
}

static int snd_alloc(struct snd *s)
{
	s->area = dma_alloc_coherent(s->dev, s->bytes, &s->addr, GFP_KERNEL);
	return s->area ? 0 : -ENOMEM;
}
