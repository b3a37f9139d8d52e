/* SPDX-License-Identifier: GPL-2.0 */
struct cap_dev {
	struct device *dev;
	void *frame;
	dma_addr_t frame_dma;
	size_t frame_size;
};

unsigned long cap_frame_pfn(struct cap_dev *cd, unsigned long off);
