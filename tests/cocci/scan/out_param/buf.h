/* SPDX-License-Identifier: GPL-2.0 */
struct sdr_chan {
	struct device *dev;
	void *iq;
	dma_addr_t iq_dma;
};

int sdr_get_buffer(struct device *dev, size_t size, void **cpu,
		   dma_addr_t *dma);
