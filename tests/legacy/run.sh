#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh ARCH VARIANT before|after [pN...]: one boot of the legacy drivers
# (samples/legacy/, one per unsafe pattern P1-P6) under QEMU, with
# tests/e2e/legacy.c checking each one's mapping end to end.
#
#   before  the drivers as they are (default: all six; a driver that oopses
#           takes the boot down, so check.sh boots one pattern at a time)
#   after   each driver converted by semantic-patches/convert.sh (the patch
#           applied to a copy), cohmap vendored into the copy with its own
#           COHMAP_PREFIX as samples/edu/Kbuild does, and rebuilt
#
# COHMAP_KVER=5.10|6.12|7.2 boots that kernel version instead of 6.1.
# ARCH VARIANT: any board of tests/testbed/boards.sh with edu (check.sh
# uses x86_64 plain|iommu, arm64 plain|smmuv3|noncoherent). One edu device
# per driver, each driver bound to
# its own (bdf=@eduN). Results: build/legacy-ARCH-VARIANT-MODE[-pN]/
# (console.log, results.ktap, counts, summary); any kernel splat after the
# modules start loading fails the boot (tests/testbed/results.py).
# Conversions (build/legacy-convert/) and module builds
# (build/legacy-kbuild-ARCH/) are kept and redone only when a source changed.
set -euo pipefail
. "$(dirname "$0")/../testbed/env.sh"
. "$(dirname "$0")/../testbed/boards.sh"

usage="usage: run.sh ARCH VARIANT before|after [p1 ... p6]"
arch=${1:?$usage}
variant=${2:?$usage}
mode=${3:?$usage}
shift 3
pats=${*:-p1 p2 p3 p4 p5 p6}
case "$mode" in before|after) ;; *) echo "$usage" >&2; exit 2 ;; esac
arch_setup "$arch"

declare -A file=([p1]=p1_fault.c [p2]=p2_virt_to_phys.c [p3]=p3_dma_handle.c
		 [p4]=p4_insert_page.c [p5]=p5_remap_page_range.c
		 [p6]=p6_reserved.c)
for p in $pats; do
	[ -n "${file[$p]:-}" ] || { echo "legacy: no pattern '$p'" >&2; exit 2; }
done

tag="$arch-$variant-$mode"
[ "$(echo $pats | wc -w)" = 1 ] && tag="$tag-$pats"
# COHMAP_KVER (env.sh) picks the kernel version; 6.1 keeps the plain names.
[ "$COHMAP_KVER" = "$COHMAP_KVER_DEFAULT" ] || tag="$tag@$COHMAP_KVER"
out="$COHMAP_TOP/build/legacy-$tag"
rm -rf "$out"
mkdir -p "$out/initramfs" "$out/modules"
legacy="$COHMAP_TOP/samples/legacy"

kdir=$("$COHMAP_TOP/tests/testbed/kernel.sh" "$arch" "$COHMAP_KVER")

# The board, as the testbed boots it (boards.sh); each driver gets an edu.
board "$out" "$arch" "$variant" || exit 1
if [ "$kdev" != @edu0 ]; then
	echo "legacy: $arch $variant has no edu to drive" >&2
	exit 1
fi
append="panic=-1 oops=panic loglevel=7 $board_append"

# copy_src SRC... DIR: copy by content, so make sees unchanged files unchanged.
copy_src() {
	mkdir -p "${@: -1}"
	rsync -rc --exclude='*.o' --exclude='.*' --exclude='*.cmd' \
		--exclude=cohmap_probed.h "$@"
}

# kbuild DIR [make args]: build the modules in DIR; W=1 warnings fail.
kbuild() {
	local dir=$1 log
	shift
	log="$dir/build.log"
	make -C "$kdir" M="$dir" ARCH="$KARCH" CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" W=1 "$@" >"$log" 2>&1 || {
		cat "$log" >&2
		echo "legacy: building $dir failed" >&2
		return 1
	}
	if grep -E "warning:|error:" "$log" >&2; then
		echo "legacy: $dir has compiler warnings" >&2
		return 1
	fi
}

# convert P: samples/legacy's driver for P, converted, in a folder that
# is printed; kept per content of the driver and the semantic patches.
convert() {
	local p=$1 f=${file[$1]} h dir
	h=$(cat "$legacy/$f" "$legacy/legacy_edu.h" \
		"$COHMAP_TOP"/semantic-patches/* | sha256sum | cut -c1-12)
	dir="$COHMAP_TOP/build/legacy-convert/$p-$h"
	if [ ! -f "$dir/done" ]; then
		rm -rf "$dir"
		mkdir -p "$dir/src"
		cp "$legacy/$f" "$dir/src/"
		"$COHMAP_TOP/semantic-patches/convert.sh" "$dir/src/$f" \
			"$dir/out" > "$dir/convert.txt"
		if ! grep -q '^+++ ' "$dir/out/cohmap.patch"; then
			echo "legacy: convert.sh left $f unchanged:" >&2
			cat "$dir/out/cohmap-report.txt" >&2
			return 1
		fi
		patch -s -p1 -d "$dir/src" < "$dir/out/cohmap.patch"
		touch "$dir/done"
	fi
	sed "s|^|legacy: $p: |" "$dir/convert.txt" >&2
	echo "$dir"
}

kb="$COHMAP_TOP/build/legacy-kbuild-$arch-$COHMAP_KVER"
if [ "$mode" = before ]; then
	dir="$kb/before"
	srcs=()
	for p in $pats; do srcs+=("$legacy/${file[$p]}"); done
	copy_src "$legacy/Kbuild" "$legacy/legacy_edu.h" \
		"$COHMAP_TOP/samples/edu/cohmap_edu.h" "${srcs[@]}" "$dir/"
	kbuild "$dir" LEGACY="$pats"
	for p in $pats; do cp "$dir/cohmap_legacy_$p.ko" "$out/modules/"; done
else
	for p in $pats; do
		conv=$(convert "$p")
		cp -r "$conv/out" "$out/convert-$p"
		dir="$kb/after-$p"
		copy_src "$legacy/Kbuild" "$legacy/legacy_edu.h" \
			"$COHMAP_TOP/samples/edu/cohmap_edu.h" \
			"$conv/src/${file[$p]}" "$dir/"
		# Vendor cohmap as samples/edu and tests/testbed/modules.sh do.
		copy_src "$COHMAP_TOP"/include "$COHMAP_TOP"/core \
			"$COHMAP_TOP"/compat "$COHMAP_TOP"/arch \
			"$COHMAP_TOP"/cohmap.mk "$dir/cohmap/"
		kbuild "$dir" LEGACY="$p"
		cp "$dir/cohmap_legacy_$p.ko" "$out/modules/"
	done
fi

ird="$out/initramfs"
mkdir -p "$ird/dev" "$ird/proc" "$ird/sys"
cc="${CROSS}gcc -static -O2 -Wall -I$COHMAP_TOP/samples/edu"
$cc -o "$ird/init" "$COHMAP_TOP/tests/testbed/init.c"
$cc -o "$ird/cohmap_legacy" "$COHMAP_TOP/tests/e2e/legacy.c"
cp "$out/modules"/*.ko "$ird/"
n=0 edu=""
for p in $pats; do
	echo "cohmap_legacy_$p.ko bdf=@edu$n"
	n=$((n + 1))
	edu="$edu -device edu,dma_mask=0xffffffff"
done > "$ird/modules.list"
echo "legacy: booting $arch $variant $mode ($pats; log: $out/console.log)" >&2
boot "$out" "${COHMAP_BOOT_TIMEOUT:-90}" $edu

rc=0
"$COHMAP_TOP/tests/testbed/results.py" "$out" "$arch" "$variant-$mode" \
	> "$out/summary" || rc=$?
cat "$out/summary"
exit $rc
