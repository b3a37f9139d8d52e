// SPDX-License-Identifier: GPL-2.0
/* Trap: a dma_area field that is not a PCM runtime's. */
struct ccw_private {
	struct device *dev;
	void *dma_area;
	dma_addr_t dma_area_dma;
};

static int ccw_alloc(struct ccw_private *priv)
{
	priv->dma_area = dma_alloc_coherent(priv->dev, PAGE_SIZE,
					    &priv->dma_area_dma, GFP_KERNEL);
	return priv->dma_area ? 0 : -ENOMEM;
}
