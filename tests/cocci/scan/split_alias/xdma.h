/* SPDX-License-Identifier: GPL-2.0 */
struct xdma_ring {
	void *buf[4];
	dma_addr_t handle[4];
	size_t size;
};

struct xdma_chan {
	struct xdma_ring dma;
	int index;
};

struct xdma_dev {
	struct pci_dev *pdev;
	struct xdma_chan chan[2];
};
