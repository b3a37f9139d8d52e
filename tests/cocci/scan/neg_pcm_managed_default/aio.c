// SPDX-License-Identifier: GPL-2.0
/*
 * Trap: the sound core allocates the buffer (SNDRV_DMA_TYPE_DEV) and maps
 * it too (dma_mmap_coherent()); the component has no .mmap.
 */
#include <sound/soc.h>

static int aio_new(struct snd_soc_component *component,
		   struct snd_soc_pcm_runtime *rtd)
{
	snd_pcm_set_managed_buffer_all(rtd->pcm, SNDRV_DMA_TYPE_DEV,
				       component->dev, 0, 65536);
	return 0;
}

static const struct snd_soc_component_driver aio_component = {
	.pcm_construct = aio_new,
};
