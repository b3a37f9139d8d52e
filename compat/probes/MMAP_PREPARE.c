// SPDX-License-Identifier: GPL-2.0
/*
 * f_op->mmap_prepare with a struct vm_area_desc, its vma_flags_t helpers,
 * mmap actions and vm_operations_struct::mapped, which cohmap needs to
 * take its references only once the mapping exists (7.2 has all of it;
 * 6.12 none).
 */
#include <linux/fs.h>
#include <linux/mm.h>

static int cohmap_probe_mapped(unsigned long start, unsigned long end,
			       pgoff_t pgoff, const struct file *file,
			       void **priv)
{
	return 0;
}

static const struct vm_operations_struct cohmap_probe_ops = {
	.mapped = cohmap_probe_mapped,
};

static int cohmap_probe_prepare(struct vm_area_desc *desc)
{
	unsigned long pfn = 0;

	if (!vma_desc_test(desc, VMA_SHARED_BIT))
		return -EINVAL;
	vma_desc_set_flags(desc, VMA_DONTEXPAND_BIT, VMA_DONTDUMP_BIT);
	vma_desc_clear_flags(desc, VMA_MAYWRITE_BIT);
	desc->vm_ops = &cohmap_probe_ops;
	desc->private_data = NULL;
	mmap_action_remap_full(desc, pfn);
	return 0;
}

const struct file_operations cohmap_probe_fops = {
	.mmap_prepare = cohmap_probe_prepare,
};
