#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh ARCH VARIANT [KVER]: one real boot of the test matrix, on kernel
# version KVER (default 6.1; see env.sh's COHMAP_KVERS).
#
# Builds (or reuses) the kernel, builds the modules and the static /init and
# /e2e, boots QEMU with the variant's devices, and turns the console log
# into results: build/<arch>-<variant>/results.ktap (parsed by the kernel's
# own kunit.py) and a "passed failed" line in .../counts. Any kernel splat
# printed after our modules start loading fails the boot.
#
# Variants: x86_64: plain iommu compat kasan; arm64: plain smmuv3 noncoherent
# pool kasan;
# riscv64: plain; arm: plain noncoherent; armv5: plain; ppc64le: plain; mips: plain
# aliasing; parisc: plain; "demo" on any board with edu (the sample driver
# and its demo program only); "build" for the build-only sh4, sparc64, m68k.
# COHMAP_ONLY=kunit boots the KUnit suite alone.
set -euo pipefail
COHMAP_KVER=${3:-${COHMAP_KVER:-}}
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/boards.sh"

arch=${1:?usage: run.sh ARCH VARIANT [KVER]}
variant=${2:?usage: run.sh ARCH VARIANT [KVER]}
arch_setup "$arch"
out="$COHMAP_TOP/build/$arch-$variant"
[ "$COHMAP_KVER" = "$COHMAP_KVER_DEFAULT" ] || out="$out@$COHMAP_KVER"
rm -rf "$out"
mkdir -p "$out/initramfs"

# The kasan variant boots as plain, on a kernel of its own.
if [ "$variant" = kasan ]; then export COHMAP_KCONFIG=kasan; fi
kdir=$("$COHMAP_TOP/tests/testbed/kernel.sh" "$arch" "$COHMAP_KVER")
# results.py parses every version's output with 6.1's kunit.py.
"$COHMAP_TOP/tests/testbed/deps.sh" source 6.1

# Build-only architectures (no QEMU board in the testbed): the shim and the
# modules must build, W=1 clean, against the prepared 6.1 tree.
if [ -z "$KIMAGE" ]; then
	if [ "$variant" != build ]; then
		echo "cohmap: $arch is built, not booted: its variant is 'build'" >&2
		exit 1
	fi
	p=0 f=1
	# The edu sample is a PCI driver; the KUnit module builds anywhere.
	grep -qx CONFIG_PCI=y "$kdir/.config" ||
		export COHMAP_MODULES=cohmap_kunit
	# W=1 warnings inside the kernel's own headers are not ours.
	export COHMAP_WARN_IGNORE="^(cc1: warning: )?$COHMAP_SRC/"
	if "$COHMAP_TOP/tests/testbed/modules.sh" "$arch" "$kdir" "$out/modules"; then
		p=$(find "$out/modules" -maxdepth 1 -name '*.ko' | wc -l) f=0
	fi
	echo "$p $f 0" > "$out/counts"
	echo "$arch build: $p passed, $f failed, 0 skipped"
	exit $f
fi

board "$out" "$arch" "$variant" || exit 1
# Which f_op entry point the sample must map through on this kernel: what
# the committed probe table says, not what the probe answers today.
entry=$(expected_probe COHMAP_HAVE_MMAP_PREPARE "$arch" "$COHMAP_KVER")
case "$entry" in
1) entry=mmap_prepare ;;
0) entry=mmap ;;
*) entry= ;;
esac
# Whether this kernel maps huge pfnmaps: the e2e's huge_* cases then
# check that PMD entries were used, not only that splitting them works.
# Behind an IOMMU the DMA layer builds buffers from whatever pages it gets,
# so a 2 MiB run is likely, not certain: there they check splitting only.
huge=$(expected_probe COHMAP_HAVE_HUGE_PFNMAP "$arch" "$COHMAP_KVER")
case "$variant" in iommu|smmuv3) huge=${huge:+0} ;; esac
append="panic=-1 oops=panic loglevel=7 kunit.enable=1 $board_append"
[ "$variant" = compat ] &&
	export COHMAP_PROBE_FORCE="DMA_CAN_MMAP=0"

case "$variant-${COHMAP_ONLY:-}" in
demo-*) export COHMAP_MODULES=cohmap_edu ;;
*-kunit) export COHMAP_MODULES=cohmap_kunit ;;
esac
modules_cached "$arch" "$kdir" "$out/modules"

ird="$out/initramfs"
mkdir -p "$ird/dev" "$ird/proc" "$ird/sys"
cc="${CROSS}gcc -static -O2 -Wall -I$COHMAP_TOP/samples/edu"

# The randomized adversary and the lifetime races (tests/adversary/), run
# after the end-to-end suite, with the budget from the host's ADV_*
# variables (make soak sets them; the defaults are make check's).
adversary() {
	local v

	$cc -I"$COHMAP_TOP/tests/e2e" -o "$ird/cohmap_adversary" \
		"$COHMAP_TOP/tests/adversary/adversary.c"
	$cc -pthread -I"$COHMAP_TOP/tests/e2e" -o "$ird/cohmap_races" \
		"$COHMAP_TOP/tests/adversary/races.c"
	# A fresh seed per boot unless one is given, so boards differ and the
	# log says how to replay each.
	echo "ADV_SEED=${ADV_SEED:-$(( (RANDOM << 15 | RANDOM) + 1 ))}" \
		> "$ird/cohmap-adv.conf"
	for v in ADV_OPS ADV_MIN_OPS ADV_SECONDS ADV_RACE_ITERS \
		 ADV_RACE_SECONDS; do
		[ -z "${!v:-}" ] || echo "$v=${!v}" >> "$ird/cohmap-adv.conf"
	done
}
$cc -o "$ird/init" "$COHMAP_TOP/tests/testbed/init.c"
if [ "$variant" = demo ]; then
	$cc -o "$ird/demo" "$COHMAP_TOP/samples/edu/edu-demo.c"
	mods="cohmap_edu.ko bdf=@edu0"
elif [ "${COHMAP_ONLY:-}" = kunit ]; then
	mods="cohmap_kunit.ko dev=$kdev $expect"
elif [ "$kdev" != @edu0 ]; then
	$cc -o "$ird/cohmap_e2e" "$COHMAP_TOP/tests/e2e/e2e.c"
	adversary
	echo "$expect${entry:+ expect_entry=$entry}${huge:+ expect_huge=$huge}" > "$ird/cohmap-board"
	echo "no edu on $arch $variant, the sample drives ${edu#-device } (${kdev#@pci=})" \
		> "$ird/cohmap-no-dma"
	mods="cohmap_kunit.ko dev=$kdev $expect
cohmap_edu.ko any_bdf=$kdev"
else
	$cc -o "$ird/cohmap_e2e" "$COHMAP_TOP/tests/e2e/e2e.c"
	adversary
	echo "$expect${entry:+ expect_entry=$entry}${huge:+ expect_huge=$huge}" > "$ird/cohmap-board"
	mods="cohmap_kunit.ko dev=@edu0 $expect
cohmap_edu.ko bdf=@edu0
cohmap_edu_b.ko bdf=@edu1"
fi
cp "$out/modules"/*.ko "$ird/"
printf '%s\n' "$mods" > "$ird/modules.list"
echo "cohmap: booting $arch $variant (log: $out/console.log)" >&2
boot "$out" "${COHMAP_BOOT_TIMEOUT:-600}" $edu

if [ "$variant" = demo ]; then
	echo "---- what the demo printed inside the $arch guest ----"
	sed -n '/cohmap-init: running \/demo/,/COHMAP-RESULTS-BEGIN/p' \
		"$out/console.log" | sed '1d;$d'
	echo "------------------------------------------------------"
fi
exec "$COHMAP_TOP/tests/testbed/results.py" "$out" "$arch" \
	"$variant${out##*"$variant"}"
