// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>

struct foo {
	struct device *dev;
	void *buf;
	dma_addr_t buf_dma;
	size_t size;
};

static int foo_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct foo *foo = devm_kzalloc(&pdev->dev, sizeof(*foo), GFP_KERNEL);

	foo->dev = &pdev->dev;
	foo->size = 4 * PAGE_SIZE;
	foo->buf = dma_alloc_coherent(foo->dev, foo->size, &foo->buf_dma,
				      GFP_KERNEL);
	if (!foo->buf)
		return -ENOMEM;
	return 0;
}

static int foo_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct foo *f = file->private_data;
	unsigned long size = vma->vm_end - vma->vm_start;
	unsigned long pfn;
	int ret;

	if (size > f->size)
		return -EINVAL;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	pfn = virt_to_phys(f->buf) >> PAGE_SHIFT;
	ret = remap_pfn_range(vma, vma->vm_start, pfn, size, vma->vm_page_prot);
	if (ret)
		return -EAGAIN;
	return 0;
}
