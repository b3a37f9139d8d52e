/* SPDX-License-Identifier: GPL-2.0 */
struct hw_mmap_entry {
	struct rdma_user_mmap_entry rdma_entry;
	u64 address;
	size_t length;
};

struct hw_cq {
	void *queue;
	dma_addr_t queue_dma;
	size_t size;
};

u64 hw_insert_entry(struct ib_ucontext *uctx, u64 address, size_t length);
