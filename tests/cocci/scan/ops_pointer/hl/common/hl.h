/* SPDX-License-Identifier: GPL-2.0 */
struct hl_dev;

struct hl_asic_funcs {
	int (*mmap)(struct hl_dev *hdev, struct vm_area_struct *vma,
		    void *cpu_addr, dma_addr_t dma_addr, size_t size);
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
