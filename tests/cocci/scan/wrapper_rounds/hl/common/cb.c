// SPDX-License-Identifier: GPL-2.0
/*
 * The command buffer: allocated through a macro over the generic allocator
 * and mapped through the chip's ops. Nothing here names a DMA API or a
 * remap call: only a second round, started from the wrappers the first
 * round found, reads this file.
 */
#include "hl.h"

int hl_cb_create(struct hl_dev *hdev, struct hl_cb *cb)
{
	cb->kernel_address = hl_cb_alloc_mem(hdev, cb->size, &cb->bus_address);
	return cb->kernel_address ? 0 : -ENOMEM;
}

int hl_cb_mmap(struct hl_dev *hdev, struct hl_cb *cb,
	       struct vm_area_struct *vma)
{
	return hdev->asic_funcs->cb_mmap(hdev, vma, cb->kernel_address,
					 cb->size);
}
