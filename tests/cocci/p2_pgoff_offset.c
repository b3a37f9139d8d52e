// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/platform_device.h>

struct bar {
	struct platform_device *pdev;
	u8 *cpu;
	dma_addr_t handle;
	size_t len;
};

static int bar_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct bar *b = file->private_data;
	unsigned long off = vma->vm_pgoff << PAGE_SHIFT;

	if (off + vma->vm_end - vma->vm_start > b->len)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_pfn(b->cpu + off),
			       vma->vm_end - vma->vm_start,
			       vma->vm_page_prot);
}

static int bar_probe(struct platform_device *pdev)
{
	struct bar *b;

	b = devm_kzalloc(&pdev->dev, sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->pdev = pdev;
	b->len = SZ_1M;
	b->cpu = dmam_alloc_coherent(&pdev->dev, b->len, &b->handle, GFP_KERNEL);
	if (!b->cpu)
		return -ENOMEM;
	platform_set_drvdata(pdev, b);
	return 0;
}
