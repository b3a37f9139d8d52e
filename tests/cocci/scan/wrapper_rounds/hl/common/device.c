// SPDX-License-Identifier: GPL-2.0
/* The generic allocator calls the chip's: this file names no DMA API. */
#include "hl.h"

void *hl_cb_alloc_caller(struct hl_dev *hdev, size_t size, dma_addr_t *handle,
			 const char *caller)
{
	void *p;

	p = hdev->asic_funcs->cb_alloc(hdev, size, handle);
	dev_dbg(hdev->dev, "%s: %zu bytes\n", caller, size);
	return p;
}
