// SPDX-License-Identifier: GPL-2.0
/*
 * edu-demo: what `make demo` runs inside the test VM.
 *
 * Allocates a 64 KiB cohmap buffer through /dev/cohmap_edu, maps it, writes
 * a pattern through the mapping, has QEMU's edu device copy it into its own
 * memory and back out to another offset of the buffer, and checks the
 * result through the mapping. Prints the mapping policy cohmap chose and
 * why, then PASS or FAIL; the exit code says the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "cohmap_edu.h"

#define BUF_SIZE	(64 * 1024)
#define SRC_OFF		0x0100		/* where we write */
#define DST_OFF		0x8123		/* where the device writes back */
#define DEV_OFF		0x0010		/* offset in the edu's own buffer */
#define LEN		4000		/* edu moves < 4096 bytes at a time */

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 8) + 0x3c);
}

static int fail(const char *what)
{
	printf("edu-demo: %s: %s\nedu-demo: FAIL\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/cohmap_edu";
	struct cohmap_edu_alloc alloc = { .size = BUF_SIZE };
	struct cohmap_edu_info info;
	struct cohmap_edu_dma dma;
	unsigned char *p;
	size_t i, bad = 0;
	void *map;
	int fd;

	fd = open(path, O_RDWR);
	if (fd < 0)
		return fail(path);
	if (ioctl(fd, COHMAP_EDU_ALLOC, &alloc))
		return fail("COHMAP_EDU_ALLOC");
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, COHMAP_EDU_INFO, &info))
		return fail("COHMAP_EDU_INFO");
	printf("edu-demo: %u-byte buffer at DMA address %#llx\n",
	       (unsigned int)info.size, (unsigned long long)info.dma_addr);
	printf("edu-demo: policy: %.16s (%.96s)\n", info.policy_name, info.why);

	map = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return fail("mmap");
	p = map;

	for (i = 0; i < LEN; i++)
		p[SRC_OFF + i] = pattern(i);
	for (i = 0; i < LEN; i++)
		p[DST_OFF + i] = 0;

	memset(&dma, 0, sizeof(dma));
	dma.buf_off = SRC_OFF;
	dma.dev_off = DEV_OFF;
	dma.len = LEN;
	dma.dir = COHMAP_EDU_TO_DEVICE;
	if (ioctl(fd, COHMAP_EDU_DMA, &dma))
		return fail("DMA buffer -> edu");
	dma.buf_off = DST_OFF;
	dma.dir = COHMAP_EDU_FROM_DEVICE;
	if (ioctl(fd, COHMAP_EDU_DMA, &dma))
		return fail("DMA edu -> buffer");

	for (i = 0; i < LEN; i++) {
		if (p[DST_OFF + i] != pattern(i)) {
			if (!bad)
				printf("edu-demo: byte %zu is %#x, expected %#x\n",
				       i, p[DST_OFF + i], pattern(i));
			bad++;
		}
	}
	printf("edu-demo: %d bytes: mapping -> device -> mapping, %zu differ\n",
	       LEN, bad);
	munmap(map, BUF_SIZE);
	close(fd);
	printf("edu-demo: %s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}
