/* SPDX-License-Identifier: GPL-2.0 */
struct ring {
	struct device *dev;
	char *vaddr;
	dma_addr_t paddr;
	size_t size;
};
