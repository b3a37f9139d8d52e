#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# distro.sh 6.1|6.12 plain|iommu|dkms: the end-to-end suite on Debian's
# own prebuilt kernels (bookworm's 6.1, bookworm-backports' 6.12; fetched
# by debian.sh, never installed on the host), with the sample driver built
# against the matching linux-headers packages.
#
# The rest of the testbed boots kernels built from linux-source with its
# own debug fragments. Users run distribution kernels: other options
# (no KUnit, no DMA-API debugging, IO_STRICT_DEVMEM, signed modules),
# headers split over three packages, and a Kbuild that lives in
# /usr/lib/linux-kbuild-*. So:
#
#   plain, iommu  cohmap_edu and cohmap_edu_b are built with modules.sh
#                 against <version>/root/lib/modules/<rel>/build, the KDIR
#                 a DKMS build uses, and booted on the board boards.sh
#                 gives x86_64 plain or iommu;
#   dkms          the sample is staged as a DKMS source tree
#                 (samples/edu/mkdkms.sh) and built and installed by the
#                 real dkms tool for that kernel (dkms-build.sh); the
#                 module dkms installed is what boots, on the plain board.
#
# An initramfs gets init.c as /init, the e2e program and the modules; QEMU
# boots the distribution's vmlinuz; and results.py turns the console log
# into build/distro-<kver>-<variant>/ (results.ktap, counts: "passed
# failed skipped"), as run.sh does. The KUnit module is built and loaded
# only if the kernel's config has KUnit (with KUNIT=m after the
# distribution's kunit.ko); Debian's 6.1 and 6.12 have none, so nothing
# in the guest checks that the board is what the variant says:
# iommu_check() does that from the console log instead, and
# probes_check() compares cohmap's feature probes against
# probes.expected (dkms: dkms-build.sh's own checks instead); each counts
# as one more case in counts (listed in OUT/host-checks). OUT/config
# lists the options that decide what can run here; OUT/times what the run
# took.
#
# Environment: COHMAP_DEBIAN_MIRROR (for 6.12; default deb.debian.org;
# 6.1 comes through apt), COHMAP_BOOT_TIMEOUT (seconds, default 180: a
# boot takes 10-15 s), COHMAP_DISTRO_MODS (names of distribution modules
# to load before ours, with their dependencies; empty by default, since
# everything the boot needs is built in: see check_config()).
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/boards.sh"
. "$(dirname "$0")/archive.sh"
. "$(dirname "$0")/debian.sh"

usage="usage: distro.sh 6.1|6.12 plain|iommu|dkms"
variant=${2:?$usage}
debian_kernel "${1:?$usage}" || exit 2
case "$variant" in
plain|iommu) board_variant=$variant ;;
dkms) board_variant=plain ;;
*) echo "$usage" >&2; exit 2 ;;
esac
arch=x86_64
arch_setup "$arch"

# check_config: the boot needs these built in (the initramfs loads only
# our modules, and /init mounts devtmpfs itself, so DEVTMPFS_MOUNT is not
# needed); the iommu variant needs the VT-d driver and interrupt
# remapping. Each =m one would have to go into COHMAP_DISTRO_MODS. Also
# writes OUT/config: the options that decide what can run or be caught
# here (KUnit, the debug options of the testbed's own kernels, strict
# /dev/mem and sysfs BARs, module signing, the IOMMU defaults).
check_config() {
	local o bad=0 need="PCI PCI_MSI MODULES BLK_DEV_INITRD RD_GZIP
		DEVTMPFS PROC_FS SYSFS SERIAL_8250 SERIAL_8250_CONSOLE"

	[ "$variant" != iommu ] || need="$need INTEL_IOMMU IRQ_REMAP"
	for o in $need; do
		case "$(opt "$o")" in
		y) ;;
		m) echo "cohmap: CONFIG_$o=m in $rel: add its module to COHMAP_DISTRO_MODS" >&2
		   bad=1 ;;
		*) echo "cohmap: $rel lacks CONFIG_$o, which the boot needs" >&2
		   bad=1 ;;
		esac
	done
	for o in KUNIT DMA_API_DEBUG KASAN PROVE_LOCKING DEBUG_VM \
		 DEBUG_VIRTUAL DEBUG_ATOMIC_SLEEP DEBUG_LIST IO_STRICT_DEVMEM \
		 MODULE_SIG MODULE_SIG_FORCE MODVERSIONS INTEL_IOMMU_DEFAULT_ON \
		 IOMMU_DEFAULT_PASSTHROUGH IOMMU_DEFAULT_DMA_LAZY \
		 INIT_ON_ALLOC_DEFAULT_ON; do
		echo "CONFIG_$o=$(opt "$o")"
	done > "$out/config"
	return "$bad"
}

# ---- the boot's own checks ----

# iommu_check: without KUnit, nothing in the guest checks that the board
# is what the variant claims (the testbed's kernels pass expect_iommu= to
# cohmap_kunit), so check the kernel's own words: with the IOMMU, both edu
# devices in an IOMMU group of a translated default domain; without, no
# VT-d at all. Prints "passed" or the reason.
iommu_check() {
	local log=$out/console.log

	if [ "$board_variant" = iommu ]; then
		if ! grep -q 'DMAR: IOMMU enabled' "$log"; then
			echo "no 'DMAR: IOMMU enabled' in the log"
		elif ! grep -q 'iommu: Default domain type: Translated' "$log"; then
			echo "the default IOMMU domain is not translated"
		elif [ "$(edu_groups)" != 2 ]; then
			echo "the edu devices are not both in IOMMU groups"
		else
			echo passed
		fi
	elif grep -q 'DMAR: IOMMU enabled' "$log"; then
		echo "VT-d is on in the plain variant"
	else
		echo passed
	fi
}

# edu_groups: how many of the edu devices (their addresses as /init
# printed them) the kernel put into an IOMMU group.
edu_groups() {
	local bdf n=0

	for bdf in $(sed -n 's/^cohmap-init: [0-9]* edu device(s): //p' \
		"$out/console.log" | tr -d '\r'); do
		[ "$bdf" = none ] || ! grep -q "pci $bdf: Adding to iommu group" \
			"$out/console.log" || n=$((n + 1))
	done
	echo "$n"
}

# expected NAME: what tests/testbed/probes.expected says probe NAME
# answers on the testbed's own x86_64 kernel of this version (built from
# Debian's linux-source of the same branch), or nothing.
expected() {
	expected_probe "$1" x86_64 "$kver"
}

# probes_check: the library's feature probes, as compiled against the
# distribution's headers, must answer what probes.expected says for the
# same version: a probe that fails on a distribution kernel for a reason
# of its own (another gcc, a config option) would pick a fallback
# silently. Prints "passed" or the differences.
probes_check() {
	local h=$out/modules/src/cohmap_edu/cohmap/compat/cohmap_probed.h
	local name val want diff=""

	[ -f "$h" ] || { echo "no $h"; return; }
	while read -r name val; do
		want=$(expected "$name")
		[ -z "$want" ] || [ "$want" = "$val" ] ||
			diff="$diff $name=$val (expected $want)"
	done < <(awk '$1 == "#define" { print $2, $3 }' "$h")
	echo "${diff:-passed}"
}

# ---- the run ----

out="$COHMAP_TOP/build/distro-$kver-$variant"
rm -rf "$out"
mkdir -p "$out/initramfs"

t0=$(date +%s)
debian_fetch
t1=$(date +%s)
echo "cohmap: Debian $kver: $rel, KDIR $kdir_dkms" >&2
check_config || exit 1
host_check || exit 1

# The KUnit module only where the distribution built KUnit. DKMS ships
# the one driver: the e2e case that needs a second vendored copy (twin)
# skips, saying so.
modules="cohmap_edu cohmap_edu_b"
[ "$(opt KUNIT)" = n ] || modules="cohmap_kunit $modules"
t2=$(date +%s)
if [ "$variant" = dkms ]; then
	modules=cohmap_edu
	"$COHMAP_TOP/tests/testbed/dkms-build.sh" "$kdir_dkms" "$rel" \
		"$out/modules"
else
	COHMAP_MODULES=$modules "$COHMAP_TOP/tests/testbed/modules.sh" \
		"$arch" "$kdir_dkms" "$out/modules"
fi
t3=$(date +%s)

board "$out" "$arch" "$board_variant"
ird=$out/initramfs
mkdir -p "$ird/dev" "$ird/proc" "$ird/sys"
cc="gcc -static -O2 -Wall -I$COHMAP_TOP/samples/edu"
$cc -o "$ird/init" "$COHMAP_TOP/tests/testbed/init.c"
$cc -o "$ird/cohmap_e2e" "$COHMAP_TOP/tests/e2e/e2e.c"
# The f_op entry point the sample must map through (the e2e case
# entry_point), from the same table as run.sh takes it.
case "$(expected COHMAP_HAVE_MMAP_PREPARE)" in
1) entry=mmap_prepare ;;
0) entry=mmap ;;
*) entry= ;;
esac
echo "$expect${entry:+ expect_entry=$entry}" > "$ird/cohmap-board"
mods="" loaded=""
# shellcheck disable=SC2086
for m in ${COHMAP_DISTRO_MODS:-}; do
	distro_mod "$m"
done
if [ "$(opt KUNIT)" = m ]; then
	distro_mod kunit
fi
case " $modules " in
*" cohmap_kunit "*) mods="${mods}cohmap_kunit.ko dev=@edu0 $expect
" ;;
esac
mods="${mods}cohmap_edu.ko bdf=@edu0"
case " $modules " in
*" cohmap_edu_b "*) mods="$mods
cohmap_edu_b.ko bdf=@edu1" ;;
esac
cp "$out/modules"/*.ko "$ird/"
printf '%s\n' "$mods" > "$ird/modules.list"

# boot() boots $kdir/$KIMAGE: for a distribution kernel that is the
# image package's /boot/vmlinuz-REL.
kdir=$dir/root/boot KIMAGE=vmlinuz-$rel
# iomem=relaxed: Debian sets IO_STRICT_DEVMEM, so while cohmap_edu holds
# its BAR (pcim_iomap_regions()) sysfs refuses to mmap resource0, and
# dma_addr_vs_device, which checks the driver's DMA address against the
# device itself from user space, would only skip. It changes nothing on
# the driver's side of the mappings under test.
append="panic=-1 oops=panic loglevel=7 iomem=relaxed $board_append"
[ "$(opt KUNIT)" = n ] || append="$append kunit.enable=1"
echo "cohmap: booting Debian $rel, $variant (log: $out/console.log)" >&2
# boot() packs the initramfs, then times QEMU itself.
t4=$(date +%s)
# shellcheck disable=SC2086 # $edu is a list of QEMU arguments
boot "$out" "${COHMAP_BOOT_TIMEOUT:-180}" $edu 2>"$out/boot.err"
cat "$out/boot.err" >&2
t5=$(date +%s)

{
	cat "$dir/fetched"
	echo "fetch_this_run_seconds $((t1 - t0))"
	echo "modules_seconds $((t3 - t2))"
	echo "initramfs_and_boot_seconds $((t5 - t4))"
	sed -n 's/^cohmap: boot took \([0-9]*\)s$/qemu_seconds \1/p' "$out/boot.err"
} > "$out/times"

# results.py parses with the kernel's own kunit.py, from the testbed's
# unpacked linux-source.
[ -f "$COHMAP_SRC/tools/testing/kunit/kunit.py" ] ||
	"$COHMAP_TOP/tests/testbed/deps.sh" source "$COHMAP_KVER"
rc=0
"$COHMAP_TOP/tests/testbed/results.py" "$out" "distro-$kver" "$variant" || rc=$?

# The host-side checks count as cases too, written to OUT/host-checks.
# host_case NAME WHY: one of them ("passed" or why it failed).
host_case() {
	echo "$1 $2" >> "$out/host-checks"
	if [ "$2" = passed ]; then
		p=$((p + 1))
	else
		f=$((f + 1)) rc=1
		echo "  FAILED distro-$kver $variant: $1: $2"
	fi
}
read -r p f s < "$out/counts"
: > "$out/host-checks"
host_case "board_$board_variant" "$(iommu_check)"
if [ "$variant" = dkms ]; then
	# What dkms-build.sh checked of dkms's own work (status, install
	# tree, depmod), one "name passed|why" line each.
	while read -r name why; do
		host_case "$name" "$why"
	done < "$out/modules/dkms-checks"
else
	host_case probes_as_expected "$(probes_check)"
fi
echo "$p $f $s" > "$out/counts"
echo "distro-$kver $variant ($rel): $p passed, $f failed, $s skipped (with the host-side checks)"
sed 's/^/  config: /' "$out/config"
exit "$rc"
