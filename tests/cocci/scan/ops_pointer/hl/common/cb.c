// SPDX-License-Identifier: GPL-2.0
/* Common code allocates and calls the chip's mmap through an ops table. */
#include "hl.h"

int hl_cb_alloc(struct hl_dev *hdev, struct hl_cb *cb)
{
	cb->kernel_address = dma_alloc_coherent(hdev->dev, cb->size,
						&cb->bus_address, GFP_USER);
	return cb->kernel_address ? 0 : -ENOMEM;
}

int hl_cb_mmap(struct hl_dev *hdev, struct hl_cb *cb,
	       struct vm_area_struct *vma)
{
	return hdev->asic_funcs->mmap(hdev, vma, cb->kernel_address,
				      cb->bus_address, cb->size);
}
