// SPDX-License-Identifier: GPL-2.0
/* The pfn is computed in a helper of its own file. */
#include "cap.h"

unsigned long cap_frame_pfn(struct cap_dev *cd, unsigned long off)
{
	return (virt_to_phys(cd->frame) + off) >> PAGE_SHIFT;
}
