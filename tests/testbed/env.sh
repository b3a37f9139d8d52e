# SPDX-License-Identifier: GPL-2.0
# Shared settings of the testbed scripts: where things are cached, and the
# per-architecture toolchain names. Sourced, never run.

COHMAP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COHMAP_CACHE=${COHMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cohmap}
export COHMAP_CACHE
COHMAP_JOBS=${COHMAP_JOBS:-$(nproc)}

# The kernel versions the testbed builds, and the Debian suite whose
# linux-source-X each comes from. 6.1 is bookworm's own (apt installs it);
# the others are fetched from Debian's archive by deps.sh.
COHMAP_KVERS="5.10 6.1 6.12 7.2"
COHMAP_KVER_DEFAULT=6.1

# kver_setup KVER: sets KSUITES (the suites that carry linux-source-KVER,
# tried in order) and COHMAP_SRC (the unpacked source).
kver_setup() {
	case "$1" in
	5.10) KSUITES="bullseye bullseye-security" ;;
	6.1) KSUITES=bookworm ;;
	6.12) KSUITES="trixie trixie-security bookworm-backports" ;;
	7.2) KSUITES=sid ;;
	*)
		echo "cohmap: unsupported kernel version '$1' (have: $COHMAP_KVERS)" >&2
		return 1 ;;
	esac
	COHMAP_SRC=$COHMAP_CACHE/linux-source-$1
	export COHMAP_SRC
}

# Packages every use of the testbed needs: the kernel build, the cached
# trees, the initramfs, the source fetcher (deps.sh).
# pahole: Debian's 6.12 headers (the distro boots) need it, and a kernel
# configured with and a module built without it (or the reverse) warns.
COHMAP_BASE_PKGS="build-essential bc bison flex cpio kmod xz-utils rsync
	libelf-dev libssl-dev python3 ccache curl ca-certificates gpgv
	debian-archive-keyring pahole git linux-source-6.1"
# What make demo (demo.sh) needs, and no more: it boots Debian's prebuilt
# 6.1 kernel, so no kernel source, no cross compilers, no other QEMU.
# libelf1 and libssl3: what bookworm's linux-kbuild-6.1 runs on (demo.sh
# also asks the kernel's own packages, in case that changes).
COHMAP_DEMO_PKGS="make gcc libc6-dev cpio rsync ccache python3-minimal
	qemu-system-x86 libelf1 libssl3"
# What only `make check` adds: lint and the semantic patches.
COHMAP_CHECK_PKGS="sparse coccinelle"

# arch_setup ARCH: the one table of the testbed's architectures. Sets
# KARCH (kernel ARCH=), CROSS, QEMU, KIMAGE (empty for architectures that
# are only built, never booted), and what deps.sh installs and checks for
# them: CC_PKG (the cross gcc, with its binutils), LIBC_PKG and LIBC_A (the
# static libc /init links), QEMU_PKG, FIRMWARE ("path:package" of each
# file the board's QEMU loads) and BOARD_PKGS (tools a board
# needs, e.g. dtc to edit a device tree).
arch_setup() {
	FIRMWARE= BOARD_PKGS= QEMU_PKG=
	case "$1" in
	x86_64)
		KARCH=x86_64; CROSS=; QEMU=qemu-system-x86_64
		KIMAGE=arch/x86/boot/bzImage
		CC_PKG=gcc LIBC_PKG=libc6-dev
		LIBC_A=/usr/lib/x86_64-linux-gnu/libc.a
		QEMU_PKG=qemu-system-x86
		# SeaBIOS, and the option ROM of q35's default NIC.
		FIRMWARE="/usr/share/seabios/bios-256k.bin:seabios
			  /usr/lib/ipxe/qemu/efi-e1000e.rom:ipxe-qemu" ;;
	arm64)
		KARCH=arm64; CROSS=aarch64-linux-gnu-; QEMU=qemu-system-aarch64
		KIMAGE=arch/arm64/boot/Image
		CC_PKG=gcc-aarch64-linux-gnu LIBC_PKG=libc6-dev-arm64-cross
		QEMU_PKG=qemu-system-arm BOARD_PKGS=device-tree-compiler ;;
	arm)
		KARCH=arm; CROSS=arm-linux-gnueabihf-; QEMU=qemu-system-arm
		KIMAGE=arch/arm/boot/zImage
		CC_PKG=gcc-arm-linux-gnueabihf LIBC_PKG=libc6-dev-armhf-cross
		QEMU_PKG=qemu-system-arm BOARD_PKGS=device-tree-compiler ;;
	armv5)
		KARCH=arm; CROSS=arm-linux-gnueabi-; QEMU=qemu-system-arm
		KIMAGE=arch/arm/boot/zImage
		CC_PKG=gcc-arm-linux-gnueabi LIBC_PKG=libc6-dev-armel-cross
		QEMU_PKG=qemu-system-arm ;;
	riscv64)
		KARCH=riscv; CROSS=riscv64-linux-gnu-; QEMU=qemu-system-riscv64
		KIMAGE=arch/riscv/boot/Image
		CC_PKG=gcc-riscv64-linux-gnu LIBC_PKG=libc6-dev-riscv64-cross
		QEMU_PKG=qemu-system-misc
		FIRMWARE=/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin:qemu-system-data ;;
	ppc64le)
		KARCH=powerpc; CROSS=powerpc64le-linux-gnu-; QEMU=qemu-system-ppc64
		KIMAGE=vmlinux
		CC_PKG=gcc-powerpc64le-linux-gnu LIBC_PKG=libc6-dev-ppc64el-cross
		QEMU_PKG=qemu-system-ppc FIRMWARE=/usr/share/qemu/slof.bin:qemu-system-data ;;
	mips)
		KARCH=mips; CROSS=mips-linux-gnu-; QEMU=qemu-system-mips
		KIMAGE=vmlinux
		CC_PKG=gcc-mips-linux-gnu LIBC_PKG=libc6-dev-mips-cross
		QEMU_PKG=qemu-system-mips ;;
	parisc)
		KARCH=parisc; CROSS=hppa-linux-gnu-; QEMU=qemu-system-hppa
		KIMAGE=vmlinux
		CC_PKG=gcc-hppa-linux-gnu LIBC_PKG=libc6-dev-hppa-cross
		QEMU_PKG=qemu-system-misc FIRMWARE=/usr/share/qemu/hppa-firmware.img:qemu-system-data ;;
	# Build only (KIMAGE empty): kernel.sh prepares the tree for
	# external modules and stops there; no /init, so no libc.
	sh4)
		KARCH=sh; CROSS=sh4-linux-gnu-; QEMU=; KIMAGE=
		CC_PKG=gcc-sh4-linux-gnu LIBC_PKG= ;;
	sparc64)
		KARCH=sparc; CROSS=sparc64-linux-gnu-; QEMU=; KIMAGE=
		CC_PKG=gcc-sparc64-linux-gnu LIBC_PKG= ;;
	m68k)
		KARCH=m68k; CROSS=m68k-linux-gnu-; QEMU=; KIMAGE=
		CC_PKG=gcc-m68k-linux-gnu LIBC_PKG= ;;
	*)
		echo "cohmap: unsupported ARCH '$1' (have: x86_64 arm64 arm armv5 riscv64 ppc64le mips parisc; build only: sh4 sparc64 m68k)" >&2
		return 1 ;;
	esac
	# The cross libc's static archive lives under /usr/<triplet>/lib.
	[ -z "$CROSS" ] || [ -z "$LIBC_PKG" ] || LIBC_A=/usr/${CROSS%-}/lib/libc.a
	[ -n "$LIBC_PKG" ] || LIBC_A=
}

# fragments ARCH: the config fragments of ARCH's test kernel for the
# version kver_setup chose, in the order Kconfig applies them; a file in
# configs/<version>/ adjusts one version (an option that is gone there).
fragments() {
	local d="$COHMAP_TOP/tests/testbed/configs" f

	for f in "$d/common.config" "$d/$1.config" \
		 "$d/$COHMAP_KVER/common.config" "$d/$COHMAP_KVER/$1.config"; do
		[ ! -f "$f" ] || echo "$f"
	done
	# A board's own kernel (the kasan variant: make check-debug), last.
	[ -z "${COHMAP_KCONFIG:-}" ] || echo "$d/$COHMAP_KCONFIG.config"
}

# kernel_dir ARCH: the cached build tree for ARCH's config fragments and
# the kernel version kver_setup chose.
kernel_dir() {
	local h
	# shellcheck disable=SC2046
	h=$(cat $(fragments "$1") "$COHMAP_SRC/Makefile" |
		sha256sum | cut -c1-12)
	echo "$COHMAP_CACHE/$1-$COHMAP_KVER-$h"
}

# expected_probe NAME ARCH KVER: what the reviewed probe table says probe
# NAME answers on ARCH (x86_64's column for arches without one) and KVER.
expected_probe() {
	awk -v n="$1" -v c="$2-$3" -v d="x86_64-$3" '
		$1 == "probe" { for (i = 2; i <= NF; i++) {
			if ($i == c) k = i
			if ($i == d) j = i } }
		$1 == n { print (k ? $k : $j) }' \
		"$COHMAP_TOP/tests/testbed/probes.expected"
}

# modules_dir ARCH KDIR: where modules_cached keeps this source's build.
modules_dir() {
	local key

	key=$( (cd "$COHMAP_TOP" && find include core compat arch cohmap.mk \
		tests/kunit samples/edu tests/bench tests/testbed/modules.sh -type f \
		! -name '*.o' ! -name '.*' ! -name '*_probed.h' -print0 |
		sort -z | xargs -0 sha256sum
		echo "$1 $2 ${COHMAP_PROBE_FORCE:-} ${COHMAP_MODULES:-}" \
			"$(stat -c %Y "$2/.cohmap-built" 2>/dev/null)") |
		sha256sum | cut -c1-16)
	echo "$COHMAP_TOP/build/.modules/$key"
}

# modules_cached ARCH KDIR OUT: modules.sh, or its earlier result for the
# same sources, kernel tree, probe overrides and module list (the variants
# of one board build the same modules; a warm make check rebuilds none).
modules_cached() {
	local dir

	dir=$(modules_dir "$1" "$2")
	mkdir -p "${dir%/*}"
	(
		# Two boots of one board may ask at once: one builds.
		flock 8
		if [ ! -f "$dir/.done" ]; then
			rm -rf "$dir"
			"$COHMAP_TOP/tests/testbed/modules.sh" "$1" "$2" "$dir" ||
				exit 1
			touch "$dir/.done"
		fi
	) 8>"$dir.lock" || return 1
	rm -rf "$3"
	cp -a "$dir" "$3"
}

COHMAP_KVER=${COHMAP_KVER:-$COHMAP_KVER_DEFAULT}
kver_setup "$COHMAP_KVER" || exit 1
