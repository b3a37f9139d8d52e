// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/mm.h>

struct log {
	void *buf;
	unsigned long size;
};

static vm_fault_t log_fault(struct vm_fault *vmf)
{
	struct log *l = vmf->vma->vm_private_data;

	vmf->page = virt_to_page(l->buf + (vmf->pgoff << PAGE_SHIFT));
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct log_vm_ops = {
	.fault = log_fault,
};

static int log_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &log_vm_ops;
	vma->vm_private_data = file->private_data;
	return 0;
}

static int log_init(struct log *l)
{
	l->buf = kzalloc(l->size, GFP_KERNEL);
	return l->buf ? 0 : -ENOMEM;
}
