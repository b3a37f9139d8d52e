// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

#define FOO_SIZE	(16 * PAGE_SIZE)

struct foo {
	struct device *dev;
	void *buf;
	dma_addr_t buf_dma;
};

static vm_fault_t foo_fault(struct vm_fault *vmf)
{
	struct foo *foo = vmf->vma->vm_private_data;

	vmf->page = virt_to_page(foo->buf + (vmf->pgoff << PAGE_SHIFT));
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct foo_vm_ops = {
	.fault = foo_fault,
};

static int foo_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct foo *foo = file->private_data;

	vma->vm_ops = &foo_vm_ops;
	vma->vm_private_data = foo;
	return 0;
}

static int foo_probe(struct pci_dev *pdev)
{
	struct foo *foo = kzalloc(sizeof(*foo), GFP_KERNEL);
	unsigned long addr;

	foo->dev = &pdev->dev;
	foo->buf = dma_alloc_coherent(&pdev->dev, FOO_SIZE, &foo->buf_dma,
				      GFP_KERNEL);
	for (addr = (unsigned long)foo->buf;
	     addr < (unsigned long)foo->buf + FOO_SIZE; addr += PAGE_SIZE)
		SetPageReserved(virt_to_page(addr));
	return 0;
}
