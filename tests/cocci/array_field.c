// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

#define NRING		2
#define RING_LEN	SZ_256K

struct sdr {
	struct device *dev;
	void *ring[NRING];
	dma_addr_t ring_dma[NRING];
};

static int sdr_alloc(struct sdr *sdr)
{
	int i;

	for (i = 0; i < NRING; i++) {
		sdr->ring[i] = dma_alloc_coherent(sdr->dev, RING_LEN,
						  &sdr->ring_dma[i], GFP_KERNEL);
		if (!sdr->ring[i])
			return -ENOMEM;
	}
	return 0;
}

static int sdr_mmap_rx(struct file *file, struct vm_area_struct *vma)
{
	struct sdr *sdr = file->private_data;

	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(sdr->ring[0]) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
