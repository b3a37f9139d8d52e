# SPDX-License-Identifier: GPL-2.0
# Shared settings of the testbed scripts: where things are cached, and the
# per-architecture toolchain names. Sourced, never run.

COHMAP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COHMAP_CACHE=${COHMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cohmap}
COHMAP_SRC=${COHMAP_SRC:-$COHMAP_CACHE/linux-source-6.1}
COHMAP_JOBS=${COHMAP_JOBS:-$(nproc)}

# arch_setup ARCH: sets KARCH (kernel ARCH=), CROSS, QEMU, KIMAGE.
arch_setup() {
	case "$1" in
	x86_64)
		KARCH=x86_64; CROSS=; QEMU=qemu-system-x86_64
		KIMAGE=arch/x86/boot/bzImage ;;
	arm64)
		KARCH=arm64; CROSS=aarch64-linux-gnu-; QEMU=qemu-system-aarch64
		KIMAGE=arch/arm64/boot/Image ;;
	*)
		echo "cohmap: unsupported ARCH '$1' (have: x86_64 arm64)" >&2
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
