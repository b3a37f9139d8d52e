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
# and "demo" on either: the sample driver and its demo program only.
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

# What this variant boots, and what the KUnit suite must then observe.
edu="-device edu,dma_mask=0xffffffff -device edu,dma_mask=0xffffffff"
append="panic=-1 oops=panic loglevel=7 kunit.enable=1"
expect="expect_policy=fault"
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
	mods="cohmap_kunit.ko dev=@edu0 $expect"
else
	$cc -o "$ird/cohmap_e2e" "$COHMAP_TOP/tests/e2e/e2e.c"
	mods="cohmap_kunit.ko dev=@edu0 $expect
cohmap_edu.ko bdf=@edu0
cohmap_edu_b.ko bdf=@edu1"
fi
cp "$out/modules"/*.ko "$ird/"
printf '%s\n' "$mods" > "$ird/modules.list"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initramfs.cpio.gz"

echo "cohmap: booting $arch $variant (log: $out/console.log)" >&2
start=$(date +%s)
timeout "${COHMAP_BOOT_TIMEOUT:-600}" $QEMU $machine -m 1G -smp 1 \
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
