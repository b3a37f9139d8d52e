// SPDX-License-Identifier: GPL-2.0
/*
 * Trap: the whole allocation, never moved, is the runtime buffer; the
 * sound core's dma_mmap_coherent() gets the allocation's own address.
 * Other fields (bytes) change with += and do not matter.
 */
#include "chunk.h"

static int chunk_hw_params(struct snd_pcm_substream *ss,
			   struct snd_pcm_hw_params *hw)
{
	struct chunk_chip *chip = snd_pcm_substream_chip(ss);
	int err;

	err = snd_dma_alloc_pages(SNDRV_DMA_TYPE_DEV, chip->dev,
				  params_buffer_bytes(hw), &chip->spare.buf);
	if (err < 0)
		return err;
	chip->spare.buf.bytes -= CHUNK_ALIGN;
	snd_pcm_set_runtime_buffer(ss, &chip->spare.buf);
	return 1;
}

static const struct snd_pcm_ops chunk_ops = {
	.hw_params = chunk_hw_params,
};
