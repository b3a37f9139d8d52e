#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile-test every fix in this folder against Linux 7.2.
#
# For each *.patch: copy the files it touches, plus the rest of the
# driver's sources it needs, from the pristine 7.2 source into a fresh
# /tmp/fixbuild-* external-module directory. Write a Kbuild for the
# affected module(s) and build it UNPATCHED with
# "make -C <configured 7.2 tree> M=<dir> modules", setting the driver's
# CONFIG_xxx=m on the command line. Then build a second fresh copy with the
# patch applied (patch -p1). A fix counts as built when the patched build
# succeeds and has no more compiler warnings than the unpatched one.
#
# The test trees are small allnoconfig-based configs with no FB, DRM,
# SND or RDMA core. Symbols from those cores are unresolved at modpost
# time, so modpost runs with KBUILD_MODPOST_WARN=1 and reports them as
# warnings. Compile errors and new compiler warnings are still failures.
#
# Nothing under the source or the configured trees is written: make is
# run with M= pointing at the temporary directory only.
#
# Drivers for machines the test trees cannot select (OMAP1, SH7760, a Xen
# guest) are built against a tree of their own: a defconfig plus the
# options the driver needs, prepared for external modules (modules_prepare,
# no vmlinux) with O= under ~/.cache/cohmap/fixes-<arch>-7.2-<hash> on first
# use and reused while the source, defconfig and options are unchanged
# (tree_for, prepared_tree). Their cross compilers are the packages of
# tests/testbed/deps.sh's arch table (armv5, sh4), installed by deps.sh.
# Without a vmlinux there is no Module.symvers, so these build the
# patched objects as single targets (TARGET).
#
# Usage: build.sh [patch-name...]   (default: every *.patch here)
# Environment: SRC, X86_TREE, ARM64_TREE, JOBS (at most 2), KEEP=1 keeps
# the temporary directories.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=${SRC:-$HOME/.cache/cohmap/linux-source-7.2}
X86_TREE=${X86_TREE:-$HOME/.cache/cohmap/x86_64-7.2-202be72b93fa}
ARM64_TREE=${ARM64_TREE:-$HOME/.cache/cohmap/arm64-7.2-09b866849f35}
JOBS=${JOBS:-2}
KEEP=${KEEP:-0}

[ "$JOBS" -gt 2 ] && JOBS=2

TOP=$(cd "$HERE/../.." && pwd)
# env.sh: the testbed's arch table (arch_setup) and COHMAP_CACHE.
# shellcheck disable=SC2034 # read by env.sh
COHMAP_KVER=7.2
# shellcheck source=/dev/null
. "$TOP/tests/testbed/env.sh"

for d in "$SRC" "$X86_TREE" "$ARM64_TREE"; do
	if [ ! -d "$d" ]; then
		echo "missing: $d" >&2
		exit 2
	fi
done

# Per-patch settings:
#   TREE    x86_64 | arm64 | one of tree_for's prepared trees (omap1,
#           sh7760, xen) | "" (not built, WHY says why)
#   MODDIR  directory of the module, relative to the source root (M=)
#   COPY    extra files or directories to copy (files the patch touches
#           are always copied)
#   KBUILD  Kbuild body (obj-m ...)
#   CONFIGS CONFIG_xxx=m assignments for the make command line
#   DEFS    CONFIG_xxx=val that the C code or headers test (IS_ENABLED(),
#           #ifdef, int options); the test trees' autoconf.h lacks them,
#           so they are passed as -D in ccflags-y. They stand for what
#           the driver's Kconfig selects or defaults to.
#   TARGET  make target: "modules", or single objects for a driver that
#           cannot be a module (modpost needs MODULE_LICENSE)
setup() {
	TREE=""
	WHY=""
	MODDIR=""
	COPY=()
	KBUILD=""
	CONFIGS=()
	DEFS=()
	TARGET=modules

	case $1 in
	fbdev-acornfb)
		WHY="FB_ACORN needs ARCH_ACORN, selected only by ARCH_RPC, which depends on GCC_VERSION < 90100 (arch/arm/mach-rpc/Kconfig: the RiscPC builds with -march=armv3m, which GCC 9.1 dropped); the testbed's arm cross gcc (gcc-arm-linux-gnueabi) is 12, so rpc_defconfig loses ARCH_RPC and acornfb.c's <mach/hardware.h>"
		;;
	fbdev-sh7760fb)
		TREE=sh7760
		MODDIR=drivers/video/fbdev
		KBUILD="obj-m += sh7760fb.o"
		CONFIGS=(CONFIG_FB_SH7760=m)
		TARGET=sh7760fb.o
		;;
	fbdev-omap1-omapfb)
		# the two files the patch touches, as omap1_defconfig builds them
		TREE=omap1
		MODDIR=drivers/video/fbdev/omap
		COPY=(drivers/video/fbdev/omap/omapfb.h
		      drivers/video/fbdev/omap/lcdc.h)
		KBUILD="obj-y += lcdc.o hwa742.o"
		TARGET="lcdc.o hwa742.o"
		;;
	fbdev-atmel_lcdfb)
		TREE=arm64
		MODDIR=drivers/video/fbdev
		KBUILD="obj-m += atmel_lcdfb.o"
		CONFIGS=(CONFIG_FB_ATMEL=m)
		;;
	fbdev-goldfishfb)
		TREE=x86_64
		MODDIR=drivers/video/fbdev
		KBUILD="obj-m += goldfishfb.o"
		CONFIGS=(CONFIG_FB_GOLDFISH=m)
		;;
	fbdev-imxfb)
		TREE=arm64
		MODDIR=drivers/video/fbdev
		KBUILD="obj-m += imxfb.o"
		CONFIGS=(CONFIG_FB_IMX=m)
		;;
	fbdev-ocfb)
		TREE=x86_64
		MODDIR=drivers/video/fbdev
		KBUILD="obj-m += ocfb.o"
		CONFIGS=(CONFIG_FB_OPENCORES=m)
		;;
	fbdev-pxa168fb)
		TREE=arm64
		MODDIR=drivers/video/fbdev
		COPY=(drivers/video/fbdev/pxa168fb.h)
		KBUILD="obj-m += pxa168fb.o"
		CONFIGS=(CONFIG_FB_PXA168=m)
		;;
	fbdev-s3c-fb)
		TREE=arm64
		MODDIR=drivers/video/fbdev
		KBUILD="obj-m += s3c-fb.o"
		CONFIGS=(CONFIG_FB_S3C=m)
		;;
	fbdev-wm8505fb)
		# FB_WM8505 is bool (FB=y); built as a module for the test
		TREE=arm64
		MODDIR=drivers/video/fbdev
		COPY=(drivers/video/fbdev/wm8505fb_regs.h
		      drivers/video/fbdev/wmt_ge_rops.h)
		KBUILD="obj-m += wm8505fb.o"
		CONFIGS=(CONFIG_FB_WM8505=m)
		TARGET=wm8505fb.o
		;;
	fbdev-xilinxfb)
		TREE=arm64
		MODDIR=drivers/video/fbdev
		KBUILD="obj-m += xilinxfb.o"
		CONFIGS=(CONFIG_FB_XILINX=m)
		;;
	fbdev-mmpfb)
		TREE=arm64
		MODDIR=drivers/video/fbdev/mmp/fb
		COPY=(drivers/video/fbdev/mmp/fb)
		KBUILD="obj-m += mmpfb.o"
		CONFIGS=(CONFIG_MMP_DISP=m CONFIG_MMP_FB=m)
		;;
	fbdev-omap2-omapfb)
		TREE=arm64
		MODDIR=drivers/video/fbdev/omap2/omapfb
		COPY=(drivers/video/fbdev/omap2/omapfb/omapfb-main.c
		      drivers/video/fbdev/omap2/omapfb/omapfb-sysfs.c
		      drivers/video/fbdev/omap2/omapfb/omapfb-ioctl.c
		      drivers/video/fbdev/omap2/omapfb/omapfb.h)
		KBUILD="obj-m += omap2fb.o
omap2fb-y := omapfb-main.o omapfb-sysfs.o omapfb-ioctl.o"
		CONFIGS=(CONFIG_FB_OMAP2=m)
		DEFS=(CONFIG_FB_OMAP2=1 CONFIG_FB_OMAP2_NUM_FBS=3)
		;;
	drm-omapdrm)
		TREE=arm64
		MODDIR=drivers/gpu/drm/omapdrm
		COPY=(drivers/gpu/drm/omapdrm)
		KBUILD="obj-m += omapdrm.o
omapdrm-y := omap_drv.o omap_irq.o omap_debugfs.o omap_crtc.o \\
	omap_plane.o omap_overlay.o omap_encoder.o omap_fb.o omap_gem.o \\
	omap_gem_dmabuf.o omap_dmm_tiler.o tcm-sita.o
omapdrm-y += dss/base.o dss/output.o dss/dss.o dss/dispc.o \\
	dss/dispc_coefs.o dss/pll.o dss/video-pll.o"
		CONFIGS=(CONFIG_DRM_OMAP=m)
		DEFS=(CONFIG_DRM_PANEL_BRIDGE=1)
		;;
	rdma-ocrdma)
		TREE=x86_64
		MODDIR=drivers/infiniband/hw/ocrdma
		COPY=(drivers/infiniband/hw/ocrdma)
		KBUILD="ccflags-y += -I \$(srctree)/drivers/net/ethernet/emulex/benet
obj-m += ocrdma.o
ocrdma-y := ocrdma_main.o ocrdma_verbs.o ocrdma_hw.o ocrdma_ah.o ocrdma_stats.o"
		CONFIGS=(CONFIG_INFINIBAND_OCRDMA=m)
		;;
	xen-grant-table)
		# built in with CONFIG_XEN, never a module: the object only
		TREE=xen
		MODDIR=drivers/xen
		KBUILD="obj-y += grant-table.o"
		TARGET=grant-table.o
		;;
	misc-genwqe)
		TREE=x86_64
		MODDIR=drivers/misc/genwqe
		COPY=(drivers/misc/genwqe)
		KBUILD="obj-m += genwqe_card.o
genwqe_card-objs := card_base.o card_dev.o card_ddcb.o card_sysfs.o \\
	card_debugfs.o card_utils.o"
		CONFIGS=(CONFIG_GENWQE=m)
		DEFS=(CONFIG_GENWQE_PLATFORM_ERROR_RECOVERY=0)
		;;
	accel-habanalabs)
		TREE=x86_64
		MODDIR=drivers/accel/habanalabs
		COPY=(drivers/accel/habanalabs)
		KBUILD="obj-m += habanalabs.o
include \$(src)/common/Makefile
habanalabs-y += \$(HL_COMMON_FILES)
include \$(src)/gaudi2/Makefile
habanalabs-y += \$(HL_GAUDI2_FILES)
include \$(src)/gaudi/Makefile
habanalabs-y += \$(HL_GAUDI_FILES)
include \$(src)/goya/Makefile
habanalabs-y += \$(HL_GOYA_FILES)"
		CONFIGS=(CONFIG_DRM_ACCEL_HABANALABS=m)
		DEFS=(CONFIG_DRM_ACCEL=1)
		;;
	hwtracing-intel_th)
		TREE=x86_64
		MODDIR=drivers/hwtracing/intel_th
		COPY=(drivers/hwtracing/intel_th)
		KBUILD="obj-m += intel_th_msu.o intel_th_msu_sink.o
intel_th_msu-y := msu.o
intel_th_msu_sink-y := msu-sink.o"
		CONFIGS=(CONFIG_INTEL_TH=m CONFIG_INTEL_TH_MSU=m)
		;;
	asoc-loongson)
		TREE=x86_64
		MODDIR=sound/soc/loongson
		COPY=(sound/soc/loongson)
		KBUILD="obj-m += snd-soc-loongson-i2s.o
snd-soc-loongson-i2s-y := loongson_i2s.o loongson_dma.o"
		CONFIGS=(CONFIG_SND_SOC_LOONGSON_I2S_PCI=m)
		DEFS=(CONFIG_REGMAP=1 CONFIG_REGMAP_MMIO=1)
		;;
	alsa-es1968)
		TREE=x86_64
		MODDIR=sound/pci
		KBUILD="obj-m += es1968.o"
		CONFIGS=(CONFIG_SND_ES1968=m)
		;;
	asoc-uniphier)
		TREE=arm64
		MODDIR=sound/soc/uniphier
		COPY=(sound/soc/uniphier)
		KBUILD="obj-m += snd-soc-uniphier-aio-cpu.o
snd-soc-uniphier-aio-cpu-y := aio-core.o aio-dma.o aio-cpu.o aio-compress.o"
		CONFIGS=(CONFIG_SND_SOC_UNIPHIER_AIO=m)
		DEFS=(CONFIG_REGMAP=1 CONFIG_REGMAP_MMIO=1 CONFIG_SND_SOC_COMPRESS=1)
		;;
	*)
		WHY="no build recipe in build.sh"
		return 1
		;;
	esac
}

# Files a patch touches, from its "+++ b/..." lines.
touched() {
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1" | sort -u
}

# Copy pristine sources into $1: files touched by patch $2, then COPY.
populate() {
	local dst=$1 p=$2 f
	for f in $(touched "$p") "${COPY[@]}"; do
		if [ ! -e "$SRC/$f" ]; then
			echo "no such source: $f" >&2
			return 1
		fi
		mkdir -p "$dst/$(dirname "$f")"
		cp -a "$SRC/$f" "$dst/$(dirname "$f")/"
	done
	chmod -R u+w "$dst"
}

# prepared_tree ENTRY DEFCONFIG [CONFIG_xxx=val...]: set ktree, arch and
# cross to a 7.2 tree for deps.sh's arch ENTRY, configured from DEFCONFIG
# plus the options, and prepared for external modules. Built with O= (the
# source is not written) into $COHMAP_CACHE/fixes-<arch>-7.2-<hash>, the
# hash over the source's Makefile, the defconfig and the options; reused
# once complete. Log: <tree>/build.log.
prepared_tree() {
	local entry=$1 defconfig=$2 srcarch h
	shift 2

	arch_setup "$entry"
	arch=$KARCH
	# shellcheck disable=SC2153 # set by arch_setup
	cross=$CROSS
	srcarch=$arch
	[ "$arch" != x86_64 ] || srcarch=x86
	# The cross gcc package of deps.sh's table, and nothing else.
	if ! command -v "${cross}gcc" > /dev/null; then
		"$TOP/tests/testbed/deps.sh" pkgs "$CC_PKG" >&2 || return 1
	fi
	h=$( { cat "$SRC/Makefile" "$SRC/arch/$srcarch/configs/$defconfig" &&
	       printf '%s\n' "$defconfig" "$@"; } | sha256sum | cut -c1-12)
	ktree=$COHMAP_CACHE/fixes-$arch-7.2-$h
	[ ! -f "$ktree/.cohmap-built" ] || return 0
	(
		flock 9
		[ ! -f "$ktree/.cohmap-built" ] || exit 0
		rm -rf "$ktree"
		mkdir -p "$ktree"
		echo "preparing $arch $defconfig${*:+ $*} in $ktree" >&2
		t0=$(date +%s)
		if ! prepare_steps "$defconfig" "$@" > "$ktree/build.log" 2>&1; then
			tail -n 20 "$ktree/build.log" >&2
			exit 1
		fi
		touch "$ktree/.cohmap-built"
		echo "prepared $ktree in $(( $(date +%s) - t0 ))s" >&2
	) 9> "$ktree.lock"
}

# prepare_steps DEFCONFIG [CONFIG_xxx=val...]: prepared_tree's make runs.
prepare_steps() {
	local defconfig=$1 opt
	shift

	kmake "$defconfig" || return 1
	printf '%s\n' "$@" >> "$ktree/.config"
	kmake olddefconfig || return 1
	for opt in "$@"; do
		if ! grep -qx "$opt" "$ktree/.config"; then
			echo "$opt did not stick in $defconfig (unmet dependency)"
			return 1
		fi
	done
	kmake modules_prepare
}

kmake() {
	nice -n 10 make -C "$SRC" O="$ktree" ARCH="$arch" \
		CROSS_COMPILE="$cross" -j"$JOBS" "$@"
}

# Set ktree, arch and cross for $TREE; prepare the tree if it is one of
# this script's own.
tree_for() {
	cross=""
	case $TREE in
	x86_64)
		ktree=$X86_TREE
		arch=x86_64
		;;
	arm64)
		ktree=$ARM64_TREE
		arch=arm64
		cross=aarch64-linux-gnu-
		;;
	# The options are what the driver needs; those the defconfig
	# already sets are listed so that a Kconfig change dropping them
	# fails here rather than in the driver's build.
	omap1)	# FB_OMAP=y with the HWA742 controller, as omap1_defconfig has
		prepared_tree armv5 omap1_defconfig CONFIG_ARCH_OMAP1=y \
			CONFIG_FB_OMAP=y CONFIG_FB_OMAP_LCDC_HWA742=y ;;
	sh7760)	# the SH7760 evaluation board
		prepared_tree sh4 edosk7760_defconfig \
			CONFIG_CPU_SUBTYPE_SH7760=y CONFIG_FB_SH7760=m ;;
	xen)	# a guest with the grant table's DMA buffer API
		prepared_tree x86_64 x86_64_defconfig CONFIG_XEN=y \
			CONFIG_XEN_GRANT_DMA_ALLOC=y ;;
	esac
}

# Write the Kbuild and build the module in $1; log to $2. tree_for has
# set ktree, arch and cross.
build() {
	local dir=$1 log=$2
	{
		echo "# SPDX-License-Identifier: GPL-2.0"
		echo "# generated by build.sh"
		echo "ccflags-y += -I$SRC/$MODDIR"
		for d in "${DEFS[@]}"; do
			echo "ccflags-y += -D$d"
		done
		echo "$KBUILD"
	} > "$dir/$MODDIR/Kbuild"
	# shellcheck disable=SC2086 # TARGET may name several objects
	nice -n 10 make -C "$ktree" M="$dir/$MODDIR" ARCH=$arch \
		${cross:+CROSS_COMPILE=$cross} KBUILD_MODPOST_WARN=1 \
		-j"$JOBS" "${CONFIGS[@]}" $TARGET > "$log" 2>&1
}

nwarn() {
	grep -c ': warning: ' "$1" || true
}

built=0
failed=0
notbuilt=0
start=$(date +%s)

shopt -s nullglob
if [ $# -gt 0 ]; then
	patches=()
	for a in "$@"; do
		patches+=("$HERE/$(basename "$a" .patch).patch")
	done
else
	patches=("$HERE"/*.patch)
fi
if [ ${#patches[@]} -eq 0 ]; then
	echo "no patches in $HERE" >&2
	exit 2
fi

for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	t0=$(date +%s)
	if ! setup "$name"; then
		echo "FAILED    $name: $WHY"
		failed=$((failed + 1))
		continue
	fi

	tmp=$(mktemp -d /tmp/fixbuild-"$name".XXXXXX)

	# Every patch must at least apply to the pristine sources.
	mkdir "$tmp/check"
	if ! populate "$tmp/check" "$p" > "$tmp/check.log" 2>&1 ||
	   ! patch -p1 --dry-run -d "$tmp/check" < "$p" >> "$tmp/check.log" 2>&1; then
		echo "FAILED    $name: patch does not apply to $SRC (see $tmp/check.log)"
		failed=$((failed + 1))
		continue
	fi

	if [ -z "$TREE" ]; then
		echo "not built $name: $WHY (patch applies)"
		notbuilt=$((notbuilt + 1))
		[ "$KEEP" = 1 ] || rm -rf "$tmp"
		continue
	fi

	if ! tree_for; then
		echo "FAILED    $name [$TREE]: no $TREE tree (see its build.log above)"
		failed=$((failed + 1))
		continue
	fi

	# Unpatched build, to show a failure is not pre-existing.
	mkdir "$tmp/unpatched"
	populate "$tmp/unpatched" "$p"
	if build "$tmp/unpatched" "$tmp/unpatched.log"; then
		pre="unpatched ok, $(nwarn "$tmp/unpatched.log") warnings"
		pre_ok=1
	else
		pre="UNPATCHED BUILD FAILS TOO (pre-existing, see $tmp/unpatched.log)"
		pre_ok=0
	fi

	# Patched build, in a second fresh copy.
	mkdir "$tmp/patched"
	populate "$tmp/patched" "$p"
	if ! patch -p1 -s --no-backup-if-mismatch -d "$tmp/patched" < "$p" \
	     > "$tmp/patch.log" 2>&1; then
		echo "FAILED    $name: patch -p1 failed (see $tmp/patch.log)"
		failed=$((failed + 1))
		continue
	fi
	if ! build "$tmp/patched" "$tmp/patched.log"; then
		echo "FAILED    $name [$TREE]: patched build fails ($pre); see $tmp/patched.log"
		grep -m5 -E ': error: |Error [0-9]' "$tmp/patched.log" | sed 's/^/          /' || true
		failed=$((failed + 1))
		continue
	fi

	w0=$(nwarn "$tmp/unpatched.log")
	w1=$(nwarn "$tmp/patched.log")
	if [ "$pre_ok" = 1 ] && [ "$w1" -gt "$w0" ]; then
		echo "FAILED    $name [$TREE]: patch adds compiler warnings ($w0 -> $w1); see $tmp/patched.log"
		failed=$((failed + 1))
		continue
	fi

	if [ "$TARGET" = modules ]; then
		mods=$(find "$tmp/patched/$MODDIR" -maxdepth 1 -name '*.ko' \
			-printf '%f\n' | sort | tr '\n' ' ')
	else
		mods="$TARGET "
	fi
	defs=""
	[ ${#DEFS[@]} -gt 0 ] && defs=" -D ${DEFS[*]}"
	echo "built     $name [$TREE${CONFIGS[*]:+ ${CONFIGS[*]}}$defs]: ${mods}($pre; patched $w1 warnings; $(( $(date +%s) - t0 ))s)"
	built=$((built + 1))
	[ "$KEEP" = 1 ] || rm -rf "$tmp"
done

echo "time: $(( $(date +%s) - start ))s"
echo "fixes: $built built, $failed failed, $notbuilt not built"
[ "$failed" -eq 0 ]
