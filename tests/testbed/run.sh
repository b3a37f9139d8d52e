#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh ARCH VARIANT: one real boot of the test matrix.
#
# Builds (or reuses) the kernel, builds the modules and the static /init and
# /e2e, boots QEMU with the variant's devices, and turns the console log
# into results: build/<arch>-<variant>/results.ktap (parsed by the kernel's
# own kunit.py) and a "passed failed" line in .../counts. Any kernel splat
# printed after our modules start loading fails the boot.
#
# Variants: x86_64: plain iommu compat; arm64: plain smmuv3 noncoherent;
# riscv64: plain; arm: plain noncoherent; armv5: plain; ppc64le: plain; mips: plain
# aliasing; parisc: plain; "demo" on any board with edu (the sample driver
# and its demo program only); "build" for the build-only sh4, sparc64, m68k.
# COHMAP_ONLY=kunit boots the KUnit suite alone.
set -euo pipefail
. "$(dirname "$0")/env.sh"

arch=${1:?usage: run.sh ARCH VARIANT}
variant=${2:?usage: run.sh ARCH VARIANT}
arch_setup "$arch"
out="$COHMAP_TOP/build/$arch-$variant"
rm -rf "$out"
mkdir -p "$out/initramfs"

kdir=$("$COHMAP_TOP/tests/testbed/kernel.sh" "$arch")

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

# What this variant boots, and what the KUnit suite must then observe.
edu="-device edu,dma_mask=0xffffffff -device edu,dma_mask=0xffffffff"
append="panic=-1 oops=panic loglevel=7 kunit.enable=1"
expect="expect_policy=fault expect_colour=0"
mem=1G
# The device the KUnit suite binds: edu, or on boards without one another
# PCI function (@pci=VVVV:DDDD, see init.c); then the sample driver binds
# that one too (any_bdf=), with no DMA engine, and the end-to-end suite
# skips only the cases that need DMA, with the reason in /cohmap-no-dma.
kdev=@edu0
case "$arch-$variant" in
x86_64-plain|x86_64-compat|x86_64-demo)
	machine="-M q35 -cpu max"
	append="$append console=ttyS0"
	expect="$expect expect_iommu=0" ;;
x86_64-iommu)
	machine="-M q35,kernel-irqchip=split -cpu max -device intel-iommu,intremap=on"
	append="$append console=ttyS0 intel_iommu=on"
	expect="$expect expect_iommu=1" ;;
arm64-plain|arm64-demo)
	machine="-M virt -cpu cortex-a57"
	append="$append console=ttyAMA0"
	expect="$expect expect_iommu=0 expect_coherent=1" ;;
arm64-smmuv3)
	machine="-M virt,iommu=smmuv3 -cpu cortex-a57"
	append="$append console=ttyAMA0"
	expect="$expect expect_iommu=1 expect_coherent=1" ;;
arm64-noncoherent)
	# QEMU's DT calls the PCI host dma-coherent; drop that so the DMA
	# layer remaps buffers non-cacheable and cohmap must match it.
	$QEMU -M virt -cpu cortex-a57 -m 1G -machine dumpdtb="$out/virt.dtb" \
		>/dev/null 2>&1
	dtc -q -I dtb -O dts "$out/virt.dtb" | sed '/dma-coherent;/d' |
		dtc -q -I dts -O dtb -o "$out/virt-nc.dtb"
	machine="-M virt -cpu cortex-a57 -dtb $out/virt-nc.dtb"
	append="$append console=ttyAMA0"
	expect="$expect expect_iommu=0 expect_coherent=0" ;;
riscv64-plain|riscv64-demo)
	machine="-M virt -bios default"
	append="$append console=ttyS0"
	expect="$expect expect_iommu=0 expect_coherent=1" ;;
arm-plain|arm-demo)
	# highmem=off: without LPAE the kernel cannot reach the ECAM and MMIO
	# that virt puts above 4 GiB by default.
	machine="-M virt,highmem=off -cpu cortex-a15"
	append="$append console=ttyAMA0"
	expect="$expect expect_iommu=0 expect_coherent=1" ;;
arm-noncoherent)
	# As on arm64: without dma-coherent in the DT, buffers are remapped
	# with pgprot_dmacoherent() and the user mapping must match.
	$QEMU -M virt,highmem=off -cpu cortex-a15 -m $mem \
		-machine dumpdtb="$out/virt.dtb" >/dev/null 2>&1
	dtc -q -I dtb -O dts "$out/virt.dtb" | sed '/dma-coherent;/d' |
		dtc -q -I dts -O dtb -o "$out/virt-nc.dtb"
	machine="-M virt,highmem=off -cpu cortex-a15 -dtb $out/virt-nc.dtb"
	append="$append console=ttyAMA0"
	expect="$expect expect_iommu=0 expect_coherent=0" ;;
armv5-plain)
	# versatilepb: ARM926EJ-S, VIVT data cache, so buffers get policy
	# (c). edu cannot attach (no MSI): pci-testdev stands in.
	edu="-device pci-testdev"
	kdev=@pci=1b36:0005
	machine="-M versatilepb -dtb $kdir/arch/arm/boot/dts/versatile-pb.dtb"
	append="$append console=ttyAMA0"
	mem=256M
	expect="expect_policy=colour expect_colour=1 expect_iommu=0 expect_coherent=0" ;;
ppc64le-plain|ppc64le-demo)
	# The TCE IOMMU is always on under pseries: DMA addresses are IOVAs.
	machine="-M pseries -cpu power9"
	append="$append console=hvc0"
	expect="$expect expect_iommu=1 expect_coherent=1" ;;
mips-plain|mips-aliasing)
	# Malta has no edu: pci-testdev (1b36:0005) stands in; DMA is
	# non-coherent through KSEG1. The 24Kc's 2 KiB 2-way data cache
	# does not alias. QEMU's P5600 has a 32 KiB 4-way one and no
	# Config7.AR (the real core removes aliases in hardware), so Linux
	# sees 8 KiB ways, "cache aliases" and shm_align_mask + 1 = 8 KiB:
	# colour placement. Its FPU is NaN2008 and Debian's mips binaries are
	# legacy-NaN: ieee754=relaxed lets /init run (it computes no NaNs).
	edu="-device pci-testdev"
	kdev=@pci=1b36:0005
	machine="-M malta"
	# cca=3: QEMU starts malta with Config.K0 uncached and Linux keeps
	# that for all of RAM unless told; then "cacheable" means nothing.
	append="$append console=ttyS0 cca=3"
	mem=256M
	expect="$expect expect_iommu=0 expect_coherent=0"
	if [ "$variant" = aliasing ]; then
		machine="-M malta -cpu P5600"
		append="$append ieee754=relaxed"
		expect="expect_policy=colour expect_colour=1 expect_iommu=0 expect_coherent=0"
	fi ;;
parisc-plain)
	# B160L: no edu, no pci-testdev; an lsi53c895a with no SCSI driver
	# built is an unclaimed PCI function with the platform's DMA setup.
	# dma_can_mmap() is false there: cohmap refuses (policy e).
	edu="-device lsi53c895a"
	kdev=@pci=1000:0012
	machine="-M hppa"
	append="$append console=ttyS0"
	mem=512M
	expect="expect_policy=refuse expect_colour=1 expect_iommu=0 expect_coherent=0" ;;
*)
	echo "cohmap: no variant '$variant' for $arch" >&2
	exit 1 ;;
esac
[ "$variant" = compat ] &&
	export COHMAP_PROBE_FORCE="DMA_CAN_MMAP=0"

case "$variant-${COHMAP_ONLY:-}" in
demo-*) export COHMAP_MODULES=cohmap_edu ;;
*-kunit) export COHMAP_MODULES=cohmap_kunit ;;
esac
"$COHMAP_TOP/tests/testbed/modules.sh" "$arch" "$kdir" "$out/modules"

ird="$out/initramfs"
mkdir -p "$ird/dev" "$ird/proc" "$ird/sys"
cc="${CROSS}gcc -static -O2 -Wall -I$COHMAP_TOP/samples/edu"
$cc -o "$ird/init" "$COHMAP_TOP/tests/testbed/init.c"
if [ "$variant" = demo ]; then
	$cc -o "$ird/demo" "$COHMAP_TOP/samples/edu/edu-demo.c"
	mods="cohmap_edu.ko bdf=@edu0"
elif [ "${COHMAP_ONLY:-}" = kunit ]; then
	mods="cohmap_kunit.ko dev=$kdev $expect"
elif [ "$kdev" != @edu0 ]; then
	$cc -o "$ird/cohmap_e2e" "$COHMAP_TOP/tests/e2e/e2e.c"
	echo "$expect" > "$ird/cohmap-board"
	echo "no edu on $arch $variant, the sample drives ${edu#-device } (${kdev#@pci=})" \
		> "$ird/cohmap-no-dma"
	mods="cohmap_kunit.ko dev=$kdev $expect
cohmap_edu.ko any_bdf=$kdev"
else
	$cc -o "$ird/cohmap_e2e" "$COHMAP_TOP/tests/e2e/e2e.c"
	echo "$expect" > "$ird/cohmap-board"
	mods="cohmap_kunit.ko dev=@edu0 $expect
cohmap_edu.ko bdf=@edu0
cohmap_edu_b.ko bdf=@edu1"
fi
cp "$out/modules"/*.ko "$ird/"
printf '%s\n' "$mods" > "$ird/modules.list"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initramfs.cpio.gz"

echo "cohmap: booting $arch $variant (log: $out/console.log)" >&2
start=$(date +%s)
timeout "${COHMAP_BOOT_TIMEOUT:-600}" $QEMU $machine -m $mem -smp 1 \
	-nographic -no-reboot -kernel "$kdir/$KIMAGE" \
	-initrd "$out/initramfs.cpio.gz" -append "$append" $edu \
	> "$out/console.log" 2>&1 || echo "cohmap: qemu exited with $?" >&2
echo "cohmap: $arch $variant boot took $(( $(date +%s) - start ))s" >&2

if [ "$variant" = demo ]; then
	echo "---- what the demo printed inside the $arch guest ----"
	sed -n '/cohmap-init: running \/demo/,/COHMAP-RESULTS-BEGIN/p' \
		"$out/console.log" | sed '1d;$d'
	echo "------------------------------------------------------"
fi
exec "$COHMAP_TOP/tests/testbed/results.py" "$out" "$arch" "$variant"
