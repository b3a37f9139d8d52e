# SPDX-License-Identifier: GPL-2.0
# Shared settings of the testbed scripts: where things are cached, and the
# per-architecture toolchain names. Sourced, never run.

COHMAP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COHMAP_CACHE=${COHMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cohmap}
COHMAP_SRC=${COHMAP_SRC:-$COHMAP_CACHE/linux-source-6.1}
export COHMAP_CACHE COHMAP_SRC
COHMAP_JOBS=${COHMAP_JOBS:-$(nproc)}

# arch_setup ARCH: sets KARCH (kernel ARCH=), CROSS, QEMU, KIMAGE (empty
# for architectures that are only built, never booted).
arch_setup() {
	case "$1" in
	x86_64)
		KARCH=x86_64; CROSS=; QEMU=qemu-system-x86_64
		KIMAGE=arch/x86/boot/bzImage ;;
	arm64)
		KARCH=arm64; CROSS=aarch64-linux-gnu-; QEMU=qemu-system-aarch64
		KIMAGE=arch/arm64/boot/Image ;;
	arm)
		KARCH=arm; CROSS=arm-linux-gnueabihf-; QEMU=qemu-system-arm
		KIMAGE=arch/arm/boot/zImage ;;
	armv5)
		KARCH=arm; CROSS=arm-linux-gnueabi-; QEMU=qemu-system-arm
		KIMAGE=arch/arm/boot/zImage ;;
	riscv64)
		KARCH=riscv; CROSS=riscv64-linux-gnu-; QEMU=qemu-system-riscv64
		KIMAGE=arch/riscv/boot/Image ;;
	ppc64le)
		KARCH=powerpc; CROSS=powerpc64le-linux-gnu-; QEMU=qemu-system-ppc64
		KIMAGE=vmlinux ;;
	mips)
		KARCH=mips; CROSS=mips-linux-gnu-; QEMU=qemu-system-mips
		KIMAGE=vmlinux ;;
	parisc)
		KARCH=parisc; CROSS=hppa-linux-gnu-; QEMU=qemu-system-hppa
		KIMAGE=vmlinux ;;
	# Build only (KIMAGE empty): kernel.sh prepares the tree for
	# external modules and stops there.
	sh4)
		KARCH=sh; CROSS=sh4-linux-gnu-; QEMU=; KIMAGE= ;;
	sparc64)
		KARCH=sparc; CROSS=sparc64-linux-gnu-; QEMU=; KIMAGE= ;;
	m68k)
		KARCH=m68k; CROSS=m68k-linux-gnu-; QEMU=; KIMAGE= ;;
	*)
		echo "cohmap: unsupported ARCH '$1' (have: x86_64 arm64 arm armv5 riscv64 ppc64le mips parisc; build only: sh4 sparc64 m68k)" >&2
		return 1 ;;
	esac
}

# kernel_dir ARCH: the cached build tree for ARCH's config fragments.
kernel_dir() {
	local h
	h=$(cat "$COHMAP_TOP/tests/testbed/configs/common.config" \
		"$COHMAP_TOP/tests/testbed/configs/$1.config" \
		"$COHMAP_SRC/Makefile" | sha256sum | cut -c1-12)
	echo "$COHMAP_CACHE/$1-$h"
}
