/* SPDX-License-Identifier: GPL-2.0 */
struct hl_dev;

struct hl_asic_funcs {
	void *(*cb_alloc)(struct hl_dev *hdev, size_t size, dma_addr_t *handle);
	int (*cb_mmap)(struct hl_dev *hdev, struct vm_area_struct *vma,
		       void *cpu_addr, size_t size);
};

struct hl_cb {
	void *kernel_address;
	dma_addr_t bus_address;
	size_t size;
};

struct hl_dev {
	struct device *dev;
	const struct hl_asic_funcs *asic_funcs;
};

void *hl_cb_alloc_caller(struct hl_dev *hdev, size_t size, dma_addr_t *handle,
			 const char *caller);

#define hl_cb_alloc_mem(hdev, size, handle) \
	hl_cb_alloc_caller(hdev, size, handle, __func__)
