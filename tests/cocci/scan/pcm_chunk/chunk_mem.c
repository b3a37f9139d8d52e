// SPDX-License-Identifier: GPL-2.0
/*
 * One coherent allocation for the whole card, carved into chunks with
 * p += n; the chunk structure copies the allocation's snd_dma_buffer.
 */
#include "chunk.h"

int chunk_init(struct chunk_chip *chip)
{
	int err;

	err = snd_dma_alloc_pages_fallback(SNDRV_DMA_TYPE_DEV, chip->dev,
					   chip->total, &chip->dma);
	if (err < 0)
		return err;
	chip->spare.buf = chip->dma;
	chip->spare.buf.area += CHUNK_ALIGN;
	chip->spare.buf.addr += CHUNK_ALIGN;
	chip->spare.buf.bytes -= CHUNK_ALIGN;
	return 0;
}

struct chunk *chunk_take(struct chunk_chip *chip, size_t size)
{
	struct chunk *c = kmalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->buf = chip->spare.buf;
	c->buf.bytes = size;
	chip->spare.buf.area += size;
	chip->spare.buf.addr += size;
	return c;
}
