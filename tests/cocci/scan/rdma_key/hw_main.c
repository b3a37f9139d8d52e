// SPDX-License-Identifier: GPL-2.0
/* The key's address is mapped as a physical address by the mmap handler. */
#include "hw.h"

u64 hw_insert_entry(struct ib_ucontext *uctx, u64 address, size_t length)
{
	struct hw_mmap_entry *entry = kzalloc(sizeof(*entry), GFP_KERNEL);

	entry->address = address;
	entry->length = length;
	rdma_user_mmap_entry_insert(uctx, &entry->rdma_entry, length);
	return rdma_user_mmap_get_offset(&entry->rdma_entry);
}

static int hw_mmap(struct ib_ucontext *uctx, struct vm_area_struct *vma)
{
	struct rdma_user_mmap_entry *rdma_entry;
	struct hw_mmap_entry *entry;
	unsigned long pfn;

	rdma_entry = rdma_user_mmap_entry_get(uctx, vma);
	entry = container_of(rdma_entry, struct hw_mmap_entry, rdma_entry);
	pfn = entry->address >> PAGE_SHIFT;
	return rdma_user_mmap_io(uctx, vma, pfn, entry->length,
				 pgprot_noncached(vma->vm_page_prot), rdma_entry);
}
