// SPDX-License-Identifier: GPL-2.0
#include "cap.h"

int cap_setup(struct cap_dev *cd)
{
	cd->frame = dmam_alloc_coherent(cd->dev, cd->frame_size,
					&cd->frame_dma, GFP_KERNEL);
	return cd->frame ? 0 : -ENOMEM;
}
