// SPDX-License-Identifier: GPL-2.0
/* Trap: the same split shape on vmalloc memory. */
#include "vb.h"

int vb_alloc(struct vb *v)
{
	v->mem = vmalloc_user(v->size);
	return v->mem ? 0 : -ENOMEM;
}
