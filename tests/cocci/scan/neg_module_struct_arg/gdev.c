// SPDX-License-Identifier: GPL-2.0
/* The device module hands its page array to the helper and maps it. */
#include <xen/tbl.h>

struct gdev_map {
	struct device *dev;
	struct page **pages;
	int count;
};

int gdev_map_alloc(struct gdev_map *map)
{
	struct tbl_alloc_args args;

	args.dev = map->dev;
	args.nr = map->count;
	args.pages = map->pages;
	return tbl_alloc_pages(&args);
}

int gdev_mmap(struct gdev_map *map, struct vm_area_struct *vma)
{
	return vm_map_pages_zero(vma, map->pages, map->count);
}
