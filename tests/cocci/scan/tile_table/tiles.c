// SPDX-License-Identifier: GPL-2.0
/*
 * A tile table (as gbefb's) holds the frame's physical address in tile
 * units, filled in a loop from the DMA handle; the mmap walks the table
 * through a pointer into it and remaps each tile.
 */
#define TILE_SHIFT 16

static struct {
	u16 *cpu;
	dma_addr_t dma;
} tiles;
static void *frame;
static dma_addr_t frame_dma;
static unsigned long frame_phys;

static int tiles_init(struct device *dev, size_t size)
{
	int i;

	tiles.cpu = dmam_alloc_coherent(dev, PAGE_SIZE, &tiles.dma, GFP_KERNEL);
	frame = dma_alloc_coherent(dev, size, &frame_dma, GFP_KERNEL);
	if (!tiles.cpu || !frame)
		return -ENOMEM;
	frame_phys = frame_dma;
	for (i = 0; i < (size >> TILE_SHIFT); i++)
		tiles.cpu[i] = (frame_phys >> TILE_SHIFT) + i;
	return 0;
}

static int tiles_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long offset = vma->vm_pgoff << PAGE_SHIFT;
	unsigned long addr = vma->vm_start;
	unsigned long phys;
	u16 *tile = &tiles.cpu[offset >> TILE_SHIFT];
	int err;

	do {
		phys = ((unsigned long)*tile) << TILE_SHIFT;
		err = remap_pfn_range(vma, addr, phys >> PAGE_SHIFT,
				      1 << TILE_SHIFT, vma->vm_page_prot);
		if (err)
			return err;
		addr += 1 << TILE_SHIFT;
		tile++;
	} while (addr < vma->vm_end);
	return 0;
}
