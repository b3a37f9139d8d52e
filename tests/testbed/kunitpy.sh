#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunitpy.sh [--build] KVER ARCH: cohmap's KUnit suite the way kernel
# developers run KUnit. `make kunit-tree` places it into a copy of
# Debian's linux-source-KVER ($COHMAP_CACHE/kunit-tree-KVER: the unpacked
# source the other builds use stays pristine), then the kernel's own
#
#	tools/testing/kunit/kunit.py run --kunitconfig=drivers/misc/cohmap
#		--arch=x86_64 --qemu_args='-device edu,dma_mask=0xffffffff'
#
# configures, builds ($COHMAP_CACHE/kunit-build-KVER-ARCH, kept between
# runs) and boots it in kunit.py's own QEMU setup, and parses the result.
# The kernel command line gets what the testbed's x86_64 plain board
# must look like (boards.sh's expect=, as cohmap_kunit.expect_*=), so a
# wrong machine fails rather than passes. Results: build/kunitpy-ARCH
# (@KVER off 6.1): kunit.log (kunit.py's output), results.json (its
# --json), test.log (the console), counts (kunitpy-results.py).
# --build: configure and build only (check.sh's kernel phase).
#
# x86_64 only: kunit.py's QEMU configs give the other architectures no
# PCI host (arm64 would need a custom --qemu_config), and UML has no edu.
set -euo pipefail
build=0
if [ "${1:-}" = --build ]; then
	build=1
	shift
fi
COHMAP_KVER=${1:?usage: kunitpy.sh [--build] KVER ARCH}
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/boards.sh"
arch=${2:?usage: kunitpy.sh [--build] KVER ARCH}
if [ "$arch" != x86_64 ]; then
	echo "cohmap: kunit.py runs the suite on x86_64 here (QEMU's edu on kunit.py's PC board)" >&2
	exit 2
fi

"$COHMAP_TOP/tests/testbed/deps.sh" source "$COHMAP_KVER"
tree=$COHMAP_CACHE/kunit-tree-$COHMAP_KVER
bdir=$COHMAP_CACHE/kunit-build-$COHMAP_KVER-$arch
out=$COHMAP_TOP/build/kunitpy-$arch
[ "$COHMAP_KVER" = "$COHMAP_KVER_DEFAULT" ] || out=$out@$COHMAP_KVER

# One user of the tree at a time: kunit.py builds in place.
exec 9>"$tree.lock"
flock 9
if [ ! -f "$tree.copied" ]; then
	echo "cohmap: copying linux-source-$COHMAP_KVER to $tree" >&2
	rm -rf "$tree" "$tree.part"
	cp -a "$COHMAP_SRC" "$tree.part"
	mv "$tree.part" "$tree"
	touch "$tree.copied"
fi
make -s -C "$COHMAP_TOP" kunit-tree KDIR="$tree" >&2

kunit=(python3 tools/testing/kunit/kunit.py)
common=(--kunitconfig=drivers/misc/cohmap --arch="$arch" --build_dir="$bdir"
	--jobs="$COHMAP_JOBS" --make_options "CC=ccache gcc")
cd "$tree"
if [ "$build" = 1 ]; then
	nice -n 5 "${kunit[@]}" build "${common[@]}"
	exit
fi

rm -rf "$out"
mkdir -p "$out"
board "$out" "$arch" plain
kargs=()
for e in $expect; do
	kargs+=(--kernel_args "cohmap_kunit.$e")
done
echo "cohmap: kunit.py run in $tree (log: $out/kunit.log)" >&2
rc=0
start=$(date +%s)
nice -n 5 "${kunit[@]}" run "${common[@]}" \
	--qemu_args "-device edu,dma_mask=0xffffffff" "${kargs[@]}" \
	--timeout "${COHMAP_BOOT_TIMEOUT:-600}" --json="$out/results.json" \
	> "$out/kunit.log" 2>&1 || rc=$?
{
	echo "kunit_py_run_seconds $(( $(date +%s) - start ))"
	grep -E '^\[[0-9:]+\] (Elapsed time|Testing complete)' "$out/kunit.log" || true
} > "$out/times"
cp "$bdir/test.log" "$out/test.log" 2>/dev/null || true
exec "$COHMAP_TOP/tests/testbed/kunitpy-results.py" "$out" "$arch" "$rc"
