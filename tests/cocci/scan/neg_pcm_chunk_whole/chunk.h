/* SPDX-License-Identifier: GPL-2.0 */
#include <sound/pcm.h>

#define CHUNK_ALIGN	0x8000

struct chunk {
	struct snd_dma_buffer buf;
};

struct chunk_chip {
	struct device *dev;
	size_t total;
	struct snd_dma_buffer dma;
	struct chunk spare;
};

int chunk_init(struct chunk_chip *chip);
struct chunk *chunk_take(struct chunk_chip *chip, size_t size);
