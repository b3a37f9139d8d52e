// SPDX-License-Identifier: GPL-2.0
/* u-dma-buf style: the fault handler inserts the DMA handle as a pfn. */
#include <linux/module.h>
#include <linux/mm.h>

struct ubuf {
	struct device *dev;
	void *virt;
	dma_addr_t handle;
	size_t size;
};

static vm_fault_t ubuf_fault(struct vm_fault *vmf)
{
	struct ubuf *u = vmf->vma->vm_private_data;
	unsigned long pfn = (u->handle >> PAGE_SHIFT) + vmf->pgoff;

	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct ubuf_vm_ops = {
	.fault = ubuf_fault,
};

static int ubuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ubuf *u = file->private_data;

	vma->vm_ops = &ubuf_vm_ops;
	vma->vm_private_data = u;
	return 0;
}

static int ubuf_alloc(struct ubuf *u)
{
	u->virt = dma_alloc_coherent(u->dev, u->size, &u->handle, GFP_KERNEL);
	return u->virt ? 0 : -ENOMEM;
}
