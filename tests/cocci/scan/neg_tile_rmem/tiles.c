// SPDX-License-Identifier: GPL-2.0
/*
 * Trap: the same tile table, filled from a reserved memory region the
 * platform describes (a physical address the CPU owns, not DMA memory);
 * only the table itself is coherent, and it is never mapped.
 */
#define TILE_SHIFT 16

static struct {
	u16 *cpu;
	dma_addr_t dma;
} tiles;
static struct resource *frame_res;
static unsigned long frame_phys;

static int tiles_init(struct device *dev, size_t size)
{
	int i;

	tiles.cpu = dmam_alloc_coherent(dev, PAGE_SIZE, &tiles.dma, GFP_KERNEL);
	frame_res = platform_get_resource(to_platform_device(dev),
					  IORESOURCE_MEM, 0);
	if (!tiles.cpu || !frame_res)
		return -ENOMEM;
	frame_phys = frame_res->start;
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
