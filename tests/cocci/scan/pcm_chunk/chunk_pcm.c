// SPDX-License-Identifier: GPL-2.0
/*
 * A chunk becomes the runtime buffer and the PCM has no .mmap: the sound
 * core maps the chunk with dma_mmap_coherent(), given an address inside
 * the allocation.
 */
#include "chunk.h"

static int chunk_hw_params(struct snd_pcm_substream *ss,
			   struct snd_pcm_hw_params *hw)
{
	struct chunk_chip *chip = snd_pcm_substream_chip(ss);
	struct chunk *c = chunk_take(chip, params_buffer_bytes(hw));

	if (!c)
		return -ENOMEM;
	snd_pcm_set_runtime_buffer(ss, &c->buf);
	return 1;
}

static const struct snd_pcm_ops chunk_ops = {
	.hw_params = chunk_hw_params,
};
