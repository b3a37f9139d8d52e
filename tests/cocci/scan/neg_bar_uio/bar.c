// SPDX-License-Identifier: GPL-2.0
/* Trap: a UIO region of physical memory that is a PCI BAR. */
#include <linux/uio_driver.h>

struct card {
	struct uio_info info;
	struct pci_dev *pdev;
	void *ring;
	dma_addr_t ring_dma;
};

static int card_probe(struct card *c)
{
	c->ring = dma_alloc_coherent(&c->pdev->dev, 4096, &c->ring_dma,
				     GFP_KERNEL);
	c->info.mem[0].memtype = UIO_MEM_PHYS;
	c->info.mem[0].addr = pci_resource_start(c->pdev, 0);
	c->info.mem[0].size = pci_resource_len(c->pdev, 0);
	return 0;
}
