// SPDX-License-Identifier: GPL-2.0
/*
 * Trap: the driver sets the runtime buffer itself but gives the PCM an
 * .mmap that maps it with the DMA layer.
 */
#include <sound/pcm.h>

struct mchip {
	struct device *dev;
};

static int mchip_hw_params(struct snd_pcm_substream *ss,
			   struct snd_pcm_hw_params *hw)
{
	struct mchip *chip = snd_pcm_substream_chip(ss);

	ss->runtime->dma_area = dma_alloc_coherent(chip->dev,
			params_buffer_bytes(hw), &ss->runtime->dma_addr, GFP_KERNEL);
	return ss->runtime->dma_area ? 0 : -ENOMEM;
}

static int mchip_mmap(struct snd_pcm_substream *ss, struct vm_area_struct *vma)
{
	struct mchip *chip = snd_pcm_substream_chip(ss);

	return dma_mmap_coherent(chip->dev, vma, ss->runtime->dma_area,
				 ss->runtime->dma_addr, ss->runtime->dma_bytes);
}

static const struct snd_pcm_ops mchip_ops = {
	.hw_params = mchip_hw_params,
	.mmap = mchip_mmap,
};
