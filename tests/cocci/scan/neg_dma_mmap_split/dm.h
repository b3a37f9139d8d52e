/* SPDX-License-Identifier: GPL-2.0 */
struct dm {
	struct device *dev;
	void *cpu;
	dma_addr_t dma;
	size_t size;
};
