# SPDX-License-Identifier: GPL-2.0
# The boards of the testbed: how each ARCH VARIANT boots in QEMU and what
# the KUnit suite must then observe there. Sourced (after env.sh and
# arch_setup) by tests/testbed/run.sh and tests/legacy/run.sh, so both boot
# a variant the same way. Never run. Both functions read $kdir (the kernel
# tree from kernel.sh); boot() also reads $append (the command line).

# board OUT ARCH VARIANT: sets machine (QEMU machine and CPU), board_append
# (console and board options for the kernel command line), mem, edu (the
# PCI devices to add), kdev (the device the KUnit suite binds: @edu0, or on
# boards without edu another PCI function, @pci=VVVV:DDDD, see init.c) and
# expect (what the KUnit suite must observe). OUT holds derived files (a
# device tree). On boards without edu the sample driver binds kdev too
# (any_bdf=), with no DMA engine, and the end-to-end suite skips only the
# cases that need DMA, with the reason in /cohmap-no-dma.
board() {
	edu="-device edu,dma_mask=0xffffffff -device edu,dma_mask=0xffffffff"
	machine= board_append=
	expect="expect_policy=fault expect_colour=0"
	# COHMAP_BOARD_MEM: more for boards that need it (make bench).
	mem=${COHMAP_BOARD_MEM:-1G}
	kdev=@edu0
	case "$2-$3" in
	x86_64-plain|x86_64-compat|x86_64-demo|x86_64-kasan)
		machine="-M q35 -cpu max"
		board_append="console=ttyS0"
		expect="$expect expect_iommu=0" ;;
	x86_64-iommu)
		machine="-M q35,kernel-irqchip=split -cpu max -device intel-iommu,intremap=on"
		board_append="console=ttyS0 intel_iommu=on"
		expect="$expect expect_iommu=1" ;;
	arm64-plain|arm64-demo|arm64-kasan)
		machine="-M virt -cpu cortex-a57"
		board_append="console=ttyAMA0"
		expect="$expect expect_iommu=0 expect_coherent=1" ;;
	arm64-smmuv3)
		machine="-M virt,iommu=smmuv3 -cpu cortex-a57"
		board_append="console=ttyAMA0"
		expect="$expect expect_iommu=1 expect_coherent=1" ;;
	arm64-noncoherent)
		# QEMU's DT calls the PCI host dma-coherent; drop that so the DMA
		# layer remaps buffers non-cacheable and cohmap must match it.
		machine="-M virt -cpu cortex-a57"
		machine="$machine -dtb $(dtb_without_dma_coherent "$1" $machine)"
		board_append="console=ttyAMA0"
		expect="$expect expect_iommu=0 expect_coherent=0" ;;
	arm64-pool)
		# A per-device coherent pool: 64 MiB of RAM set aside "no-map" (a
		# shared-dma-pool), which both edu functions allocate from.
		machine="-M virt -cpu cortex-a57"
		machine="$machine -dtb $(dtb_with_pool "$1" $machine)"
		board_append="console=ttyAMA0"
		# Before 5.13 the pool's pfns cannot be read from the kernel's
		# mapping: buffers are the DMA layer's to map (compat/).
		policy=fault
		[ "$(expected_probe COHMAP_HAVE_VMALLOC_TO_PAGE_LEAF arm64 \
			"$COHMAP_KVER")" = 0 ] && policy=dma
		expect="expect_policy=$policy expect_colour=0 expect_iommu=0"
		expect="$expect expect_coherent=1 expect_pool=1" ;;
	riscv64-plain|riscv64-demo)
		machine="-M virt -bios default"
		board_append="console=ttyS0"
		expect="$expect expect_iommu=0 expect_coherent=1" ;;
	arm-plain|arm-demo)
		# highmem=off: without LPAE the kernel cannot reach the ECAM and MMIO
		# that virt puts above 4 GiB by default.
		machine="-M virt,highmem=off -cpu cortex-a15"
		board_append="console=ttyAMA0"
		expect="$expect expect_iommu=0 expect_coherent=1" ;;
	arm-noncoherent)
		# As on arm64: without dma-coherent in the DT, buffers are remapped
		# with pgprot_dmacoherent() and the user mapping must match.
		machine="-M virt,highmem=off -cpu cortex-a15"
		machine="$machine -dtb $(dtb_without_dma_coherent "$1" $machine)"
		board_append="console=ttyAMA0"
		expect="$expect expect_iommu=0 expect_coherent=0" ;;
	armv5-plain)
		# versatilepb: ARM926EJ-S, VIVT data cache, so buffers get policy
		# (c). edu cannot attach (no MSI): pci-testdev stands in.
		edu="-device pci-testdev"
		kdev=@pci=1b36:0005
		machine="-M versatilepb -dtb $kdir/arch/arm/boot/dts/versatile-pb.dtb"
		board_append="console=ttyAMA0"
		mem=256M
		expect="expect_policy=colour expect_colour=1 expect_iommu=0 expect_coherent=0" ;;
	ppc64le-plain|ppc64le-demo)
		# The TCE IOMMU is always on under pseries: DMA addresses are IOVAs.
		machine="-M pseries -cpu power9"
		board_append="console=hvc0"
		expect="$expect expect_iommu=1 expect_coherent=1" ;;
	mips-aliasing)
		# QEMU's P5600 has a 32 KiB 4-way data cache and no Config7.AR
		# (the real core removes aliases in hardware), so Linux sees
		# 8 KiB ways, "cache aliases" and shm_align_mask + 1 = 8 KiB:
		# colour placement. Its FPU is NaN2008 and Debian's mips binaries
		# are legacy-NaN: ieee754=relaxed lets /init run (it computes no
		# NaNs). Otherwise the board is mips-plain's.
		machine="-M malta -cpu P5600"
		board_append="ieee754=relaxed"
		expect="expect_policy=colour expect_colour=1"
		;&
	mips-plain)
		# Malta has no edu: pci-testdev (1b36:0005) stands in; DMA is
		# non-coherent through KSEG1. The 24Kc's 2 KiB 2-way data cache
		# does not alias.
		edu="-device pci-testdev"
		kdev=@pci=1b36:0005
		machine=${machine:-"-M malta"}
		# cca=3: QEMU starts malta with Config.K0 uncached and Linux keeps
		# that for all of RAM unless told; then "cacheable" means nothing.
		board_append="console=ttyS0 cca=3 $board_append"
		mem=256M
		expect="$expect expect_iommu=0 expect_coherent=0" ;;
	parisc-plain)
		# B160L: no edu, no pci-testdev; an lsi53c895a with no SCSI driver
		# built is an unclaimed PCI function with the platform's DMA setup.
		# dma_can_mmap() is false there: cohmap refuses (policy e).
		edu="-device lsi53c895a"
		kdev=@pci=1000:0012
		machine="-M hppa"
		board_append="console=ttyS0"
		mem=512M
		expect="expect_policy=refuse expect_colour=1 expect_iommu=0 expect_coherent=0" ;;
	*)
		echo "cohmap: no variant '$3' for $2" >&2
		return 1 ;;
	esac
}

# dtb_without_dma_coherent OUT QEMU-MACHINE-ARGS...: QEMU's device tree for
# that machine with every dma-coherent property dropped, so the DMA layer
# treats the PCI host as non-coherent; prints the file's path.
dtb_without_dma_coherent() {
	local out=$1

	shift
	$QEMU "$@" -m "$mem" -machine dumpdtb="$out/virt.dtb" >/dev/null 2>&1
	dtc -q -I dtb -O dts "$out/virt.dtb" | sed '/dma-coherent;/d' |
		dtc -q -I dts -O dtb -o "$out/virt-nc.dtb"
	echo "$out/virt-nc.dtb"
}

# dtb_with_pool OUT MACHINE...: QEMU's device tree for MACHINE with a
# "shared-dma-pool" reserved-memory region (no-map, so no linear mapping
# and, to the kernel, no usable struct page), named as the memory-region
# of the edu functions at 00:02.0 and 00:03.0 (PCI child nodes: reg holds
# devfn << 8). The drivers attach it with of_reserved_mem_device_init().
dtb_with_pool() {
	local out=$1 pool='<0x00 0x60000000 0x00 0x4000000>'

	shift
	$QEMU "$@" -m "$mem" -machine dumpdtb="$out/virt.dtb" >/dev/null 2>&1
	pcie=$(dtc -q -I dtb -O dts "$out/virt.dtb" |
		grep -m1 -oE '^\s+pcie@[0-9a-f]+' | tr -d '[:space:]')
	{ dtc -q -I dtb -O dts "$out/virt.dtb"
	  cat <<-EOF
	/ {
		reserved-memory {
			#address-cells = <0x02>;
			#size-cells = <0x02>;
			ranges;
			cohmap_pool: pool@60000000 {
				compatible = "shared-dma-pool";
				reg = $pool;
				no-map;
			};
		};
	};
	&{/$pcie} {
		edu@2,0 {
			reg = <0x1000 0x00 0x00 0x00 0x00>;
			memory-region = <&cohmap_pool>;
		};
		edu@3,0 {
			reg = <0x1800 0x00 0x00 0x00 0x00>;
			memory-region = <&cohmap_pool>;
		};
	};
	EOF
	} | dtc -q -I dts -O dtb -o "$out/virt-pool.dtb"
	echo "$out/virt-pool.dtb"
}

# boot OUT TIMEOUT DEVICES...: pack OUT/initramfs, boot the kernel in $kdir
# on the board set by board() with DEVICES, console to OUT/console.log.
boot() {
	local out=$1 limit=$2 start

	shift 2
	(cd "$out/initramfs" && find . | cpio -o -H newc --quiet | gzip -1) \
		> "$out/initramfs.cpio.gz"
	start=$(date +%s)
	timeout "$limit" $QEMU $machine -m $mem -smp 1 -nographic -no-reboot \
		-kernel "$kdir/$KIMAGE" -initrd "$out/initramfs.cpio.gz" \
		-append "$append" "$@" > "$out/console.log" 2>&1 ||
		echo "cohmap: qemu exited with $?" >&2
	echo "cohmap: boot took $(( $(date +%s) - start ))s" >&2
}
