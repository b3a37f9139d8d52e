// SPDX-License-Identifier: GPL-2.0
/*
 * The driver sets the runtime buffer itself and gives the PCM no .mmap or
 * .page: the sound core's default mmap faults it in with virt_to_page().
 */
#include <sound/pcm.h>

struct chip {
	struct device *dev;
};

static int chip_hw_params(struct snd_pcm_substream *ss,
			  struct snd_pcm_hw_params *hw)
{
	struct snd_pcm_runtime *runtime = ss->runtime;
	struct chip *chip = snd_pcm_substream_chip(ss);

	runtime->dma_area = dma_alloc_coherent(chip->dev, params_buffer_bytes(hw),
					       &runtime->dma_addr, GFP_KERNEL);
	if (!runtime->dma_area)
		return -ENOMEM;
	runtime->dma_bytes = params_buffer_bytes(hw);
	return 0;
}

static const struct snd_pcm_ops chip_ops = {
	.hw_params = chip_hw_params,
};
