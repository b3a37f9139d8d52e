/* SPDX-License-Identifier: GPL-2.0 */
struct vb {
	void *mem;
	size_t size;
};
