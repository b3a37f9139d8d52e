#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# distro.sh 6.1|6.12 plain|iommu: the end-to-end suite on Debian's own
# prebuilt kernels, with the sample driver built against the matching
# linux-headers package exactly as a user's DKMS would build it.
#
# The rest of the testbed boots kernels built from linux-source with its
# own debug fragments. Users run distribution kernels: other options
# (no KUnit, no DMA-API debugging, IO_STRICT_DEVMEM, signed modules),
# headers split over three packages, and a Kbuild that lives in
# /usr/lib/linux-kbuild-*. This boots those kernels:
#
#   6.1   bookworm's linux-image-6.1.0-N-amd64, the one linux-image-amd64
#         depends on, from this machine's own apt suites (apt-get
#         download: never installed on the host);
#   6.12  bookworm-backports' linux-image-6.12.N+deb12-amd64, the one its
#         linux-image-amd64 depends on. bookworm-backports is not in apt's
#         sources and is not added: the .deb comes by the pool path the
#         suite's Packages index gives, with apt's chain of trust, as
#         deps.sh fetches linux-source (InRelease signed by the archive
#         key, which gives the index's sha256, which gives the .deb's);
#
# plus the image's linux-headers-*-amd64, the -common headers and the
# linux-kbuild-* that one depends on, all unpacked with dpkg-deb -x into
# $COHMAP_CACHE/distro/<image version>/ (see fix_kdir() for the paths
# that had to be made to work there). Then: cohmap_edu and cohmap_edu_b
# are built with modules.sh against <version>/root/lib/modules/<rel>/build,
# the KDIR a DKMS build uses; an initramfs gets init.c as /init, the e2e
# program and the modules; QEMU boots the distribution's vmlinuz on the
# board boards.sh gives x86_64 plain or iommu; and results.py turns the
# console log into build/distro-<kver>-<variant>/ (results.ktap, counts:
# "passed failed skipped"), as run.sh does. The KUnit module is built and
# loaded only if the kernel's config has KUnit (with KUNIT=m after the
# distribution's kunit.ko); Debian's 6.1 and 6.12 have none, so nothing
# in the guest checks that the board is what the variant says:
# iommu_check() does that from the console log instead, and
# probes_check() compares cohmap's feature probes against
# probes.expected; each counts as one more case in counts (listed in
# OUT/host-checks). OUT/config lists the options that decide what can
# run here; OUT/times what the run took.
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

usage="usage: distro.sh 6.1|6.12 plain|iommu"
kver=${1:?$usage}
variant=${2:?$usage}
case "$kver" in
6.1) suite=bookworm ;;
6.12) suite=bookworm-backports ;;
*) echo "$usage" >&2; exit 2 ;;
esac
case "$variant" in
plain|iommu) ;;
*) echo "$usage" >&2; exit 2 ;;
esac

dcache=$COHMAP_CACHE/distro
arch=x86_64
arch_setup "$arch"

# ---- the archive's package indices, as lines ----

# to_lines: Packages-format stanzas on stdin, one line per stanza on
# stdout: "package version pool-path sha256 size depends" (depends
# without spaces, "-" if none), so the rest can pick with awk and sort.
to_lines() {
	awk '/^Package: / { p = $2 } /^Version: / { v = $2 }
	     /^Filename: / { f = $2 } /^SHA256: / { s = $2 } /^Size: / { z = $2 }
	     /^Depends: / { d = substr($0, 10); gsub(/ /, "", d) }
	     /^$/ { if (p != "") print p, v, f, s, z, (d == "" ? "-" : d)
		    p = v = f = s = z = d = "" }
	     END { if (p != "") print p, v, f, s, z, (d == "" ? "-" : d) }'
}

# stanzas NAME...: the index lines of NAME... in $suite. bookworm is one
# of this machine's apt suites, so apt-cache answers; bookworm-backports'
# index was fetched into $idx by fetch_index().
stanzas() {
	if [ "$suite" = bookworm ]; then
		apt-cache show "$@" | to_lines
	else
		awk 'NR == FNR { want[$1] = 1; next } want[$1]' \
			<(printf '%s\n' "$@") "$idx"
	fi
}

# pick NAME: the line of NAME's highest version (apt's candidate, where
# the suite holds several, e.g. bookworm and bookworm-security).
pick() {
	local line

	line=$(stanzas "$1" | awk -v n="$1" '$1 == n' | sort -k2,2V | tail -n 1)
	[ -n "$line" ] || {
		echo "cohmap: $suite has no package $1" >&2
		return 1
	}
	echo "$line"
}

# dep LINE REGEX: the first package LINE depends on whose name matches
# REGEX (version constraints dropped, first of each alternative).
dep() {
	echo "$1" | awk -v re="$2" '{ n = split($6, d, ",")
		for (i = 1; i <= n; i++) { sub(/[|(].*/, "", d[i])
			if (d[i] ~ re) { print d[i]; exit } } }'
}

# fetch_index: bookworm-backports' main/binary-amd64 index into $idx as
# lines (to_lines), verified as apt would (archive.sh).
fetch_index() {
	archive_index "$suite" binary-amd64 "$tmp" | to_lines > "$idx"
	[ "${PIPESTATUS[0]}" = 0 ]
}

# resolve: the four packages' lines into $tmp/packages: the image that
# linux-image-amd64 depends on (what `apt install linux-image-amd64`
# gives a user of $suite), its linux-headers-*-amd64, and what those
# headers depend on: the -common headers and the linux-kbuild-*.
# fetch() calls it as a condition, where bash ignores set -e: every
# step checks for itself.
resolve() {
	local meta img rel hdr common kbuild

	idx=$tmp/index
	if [ "$suite" != bookworm ]; then
		fetch_index || return 1
	fi
	meta=$(pick linux-image-amd64) || return 1
	img=$(dep "$meta" '^linux-image-[0-9]')
	rel=${img#linux-image-}
	[ -n "$rel" ] || {
		echo "cohmap: $suite's linux-image-amd64 names no image" >&2
		return 1
	}
	hdr=$(pick "linux-headers-$rel") || return 1
	common=$(dep "$hdr" '^linux-headers-.*-common$')
	kbuild=$(dep "$hdr" '^linux-kbuild-')
	if [ -z "$common" ] || [ -z "$kbuild" ]; then
		echo "cohmap: linux-headers-$rel names no -common or linux-kbuild package" >&2
		return 1
	fi
	{
		pick "$img" && echo "$hdr" && pick "$common" && pick "$kbuild"
	} > "$tmp/packages" || return 1
	echo "$rel" > "$tmp/release"
}

# download: every package of $tmp/packages into $tmp/debs, each checked
# against the sha256 of the index it was picked from.
download() {
	local p v f s deb

	mkdir -p "$tmp/debs"
	while read -r p v f s _; do
		if [ "$suite" = bookworm ]; then
			# apt-get download writes as the caller; _apt cannot
			# write in a root-owned cache, which apt only notes.
			(cd "$tmp/debs" || exit
			 apt-get download -qq "$p=$v" 2>&1 |
				grep -v 'unsandboxed' >&2) || true
			deb=$(find "$tmp/debs" -name "${p}_*.deb" | head -n 1)
			[ -n "$deb" ] || {
				echo "cohmap: apt-get download $p=$v failed (apt-get update?)" >&2
				return 1
			}
		else
			deb=$tmp/debs/$(basename "$f")
			archive_get "$suite" "$f" "$s" "$deb" || return 1
			continue
		fi
		echo "$s  $deb" | sha256sum -c --quiet - || {
			echo "cohmap: $(basename "$deb") does not match its sha256 in $suite's index" >&2
			return 1
		}
	done < "$tmp/packages"
}

# fix_kdir ROOT REL: make the unpacked headers a KDIR where they are.
# Debian's packages assume they sit at /:
#  - lib/modules/REL/build and source are absolute symlinks into
#    /usr/src/linux-headers-REL{,-common}: made relative, so
#    ROOT/lib/modules/REL/build is the KDIR, as /lib/modules/REL/build is
#    a DKMS build's;
#  - linux-headers-REL/Makefile is one line, "include
#    /usr/src/linux-headers-*-common/Makefile": made relative to the
#    folder make -C runs in (Kbuild takes srctree from that Makefile's
#    real path, so the -common tree is found as the source tree);
#  - scripts and tools are already relative symlinks into
#    usr/lib/linux-kbuild-*, whose host programs (fixdep, modpost) are
#    built for bookworm and run here as they are.
# What was done is written to ROOT/../fixups.
fix_kdir() {
	local root=$1 rel=$2 link target kd

	: > "$root/../fixups"
	while IFS= read -r link; do
		target=$(readlink "$link")
		[ -e "$root$target" ] || continue
		ln -sfnr "$root$target" "$link"
		echo "symlink ${link#"$root"} -> $target now -> $(readlink "$link")" \
			>> "$root/../fixups"
	done < <(find "$root" -type l -lname '/*')
	kd=$root/usr/src/linux-headers-$rel
	if grep -q '^include /usr/src/' "$kd/Makefile"; then
		sed -i 's|^include /usr/src/|include ../|' "$kd/Makefile"
		echo "usr/src/linux-headers-$rel/Makefile: $(cat "$kd/Makefile")" \
			>> "$root/../fixups"
	fi
	# Anything else still naming the system's paths would build against
	# the host's headers, if it has any: refuse rather than mix them.
	if grep -rIlE '/usr/src/linux-headers|/usr/lib/linux-kbuild' \
		"$kd"/Makefile "$kd"/.kernelvariables 2>/dev/null; then
		echo "cohmap: an absolute path remains in $kd" >&2
		return 1
	fi
}

# fetch: the packages unpacked in $dir (set here), the kernel release in
# $rel. Idempotent: a complete tree (its .complete marker) of the same
# four packages is reused; a run of the other variant waits on the lock
# meanwhile. Without the network, the last tree fetched for $kver is
# reused.
fetch() {
	local start ver deb fresh=0

	mkdir -p "$dcache"
	tmp=$(mktemp -d "$dcache/resolve.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	if resolve 2>"$tmp/resolve.log"; then
		ver=$(awk 'NR == 1 { print $2 }' "$tmp/packages")
		echo "$ver" > "$dcache/$kver.last"
		fresh=1
	elif [ -f "$dcache/$kver.last" ] &&
	     [ -f "$dcache/$(cat "$dcache/$kver.last")/.complete" ]; then
		cat "$tmp/resolve.log" >&2
		ver=$(cat "$dcache/$kver.last")
		echo "cohmap: cannot resolve $suite's kernel now; reusing $ver" >&2
	else
		cat "$tmp/resolve.log" >&2
		return 1
	fi
	# $dir is removed and recreated below: never let it be the cache.
	case "$ver" in
	[0-9]*) ;;
	*) echo "cohmap: no sane version for Debian $kver ('$ver')" >&2
	   return 1 ;;
	esac
	case "$ver" in
	*/*|*..*) echo "cohmap: no sane version for Debian $kver ('$ver')" >&2
		return 1 ;;
	esac
	dir=$dcache/$ver
	exec 8>"$dir.lock"
	flock 8
	# A tree is the same only if all four packages are: the kbuild and
	# headers can get a new upload under an unchanged image.
	if [ ! -f "$dir/.complete" ] || { [ "$fresh" = 1 ] &&
	   ! cmp -s "$tmp/packages" "$dir/packages"; }; then
		start=$(date +%s)
		echo "cohmap: fetching Debian $kver ($suite) packages:" >&2
		awk '{ printf "cohmap:   %s %s (%.1f MB)\n", $1, $2, $5 / 1e6 }' \
			"$tmp/packages" >&2
		download
		rm -rf "$dir"
		mkdir -p "$dir/root"
		for deb in "$tmp"/debs/*.deb; do
			dpkg-deb -x "$deb" "$dir/root"
		done
		mv "$tmp/debs" "$dir/debs"
		cp "$tmp/packages" "$tmp/release" "$dir/"
		fix_kdir "$dir/root" "$(cat "$dir/release")"
		{
			echo "suite $suite"
			echo "download_bytes $(awk '{ s += $5 } END { print s }' "$dir/packages")"
			echo "unpacked_bytes $(du -sb "$dir/root" | cut -f1)"
			echo "fetch_extract_seconds $(( $(date +%s) - start ))"
		} > "$dir/fetched"
		touch "$dir/.complete"
		echo "cohmap: fetched and unpacked in $(( $(date +%s) - start ))s into $dir" >&2
	fi
	flock -u 8
	rel=$(cat "$dir/release")
}

# ---- what the distribution's config lets run ----

# opt NAME: y, m or n for CONFIG_NAME in the kernel's own config.
opt() {
	local v

	v=$(sed -n "s/^CONFIG_$1=//p" "$config")
	echo "${v:-n}"
}

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

# host_check: what apt would have installed with the headers for a
# DKMS user: linux-kbuild-*'s own dependencies (from 6.12 pahole, for
# the modules' BTF against the vmlinux the headers ship) and the gcc the
# kernel was built with. Fails with the apt-get line that fixes it.
host_check() {
	local p missing=""

	while read -r p; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q ' installed$' || missing="$missing $p"
	done < <(awk '$1 ~ /^linux-kbuild-/ { n = split($6, d, ",")
		for (i = 1; i <= n; i++) { sub(/[|(].*/, "", d[i]); print d[i] } }' \
		"$dir/packages")
	command -v gcc-12 >/dev/null || missing="$missing gcc-12"
	[ -z "$missing" ] || {
		echo "cohmap: $(awk '$1 ~ /^linux-kbuild-/ { print $1 }' "$dir/packages") needs what this machine lacks; apt-get install$missing" >&2
		return 1
	}
}

# ---- distribution modules in the initramfs ----

# distro_mod NAME: copy NAME's module, after the modules it depends on,
# out of the image (decompressed: /init's finit_module() passes no
# flags) and add it to $mods. Dependencies come from modinfo, since the
# package ships no modules.dep (depmod runs at install).
distro_mod() {
	local f d

	case " $loaded " in *" $1 "*) return 0 ;; esac
	f=$(find "$dir/root/lib/modules/$rel/kernel" \
		-regex ".*/$1\.ko\(\.xz\|\.zst\|\.gz\)?" | head -n 1)
	[ -n "$f" ] || f=$(find "$dir/root/lib/modules/$rel/kernel" \
		-regex ".*/${1//_/[-_]}\.ko\(\.xz\|\.zst\|\.gz\)?" | head -n 1)
	[ -n "$f" ] || {
		echo "cohmap: $rel has no module $1" >&2
		return 1
	}
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do
		distro_mod "$d"
	done
	case "$f" in
	*.xz) xz -dc "$f" ;;
	*.zst) zstd -qdc "$f" ;;
	*.gz) gzip -dc "$f" ;;
	*) cat "$f" ;;
	esac > "$ird/$1.ko"
	mods="$mods$1.ko
"
	loaded="$loaded $1"
}

# ---- the boot's own checks ----

# iommu_check: without KUnit, nothing in the guest checks that the board
# is what the variant claims (the testbed's kernels pass expect_iommu= to
# cohmap_kunit), so check the kernel's own words: with the IOMMU, both edu
# devices in an IOMMU group of a translated default domain; without, no
# VT-d at all. Prints "passed" or the reason.
iommu_check() {
	local log=$out/console.log

	if [ "$variant" = iommu ]; then
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
fetch
t1=$(date +%s)
kdir_dkms=$dir/root/lib/modules/$rel/build
config=$dir/root/boot/config-$rel
echo "cohmap: Debian $kver: $rel, KDIR $kdir_dkms" >&2
check_config || exit 1
host_check || exit 1

# The KUnit module only where the distribution built KUnit.
modules="cohmap_edu cohmap_edu_b"
[ "$(opt KUNIT)" = n ] || modules="cohmap_kunit $modules"
t2=$(date +%s)
COHMAP_MODULES=$modules "$COHMAP_TOP/tests/testbed/modules.sh" \
	"$arch" "$kdir_dkms" "$out/modules"
t3=$(date +%s)

board "$out" "$arch" "$variant"
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
if [ "$(opt KUNIT)" != n ]; then
	mods="${mods}cohmap_kunit.ko dev=@edu0 $expect
"
fi
mods="${mods}cohmap_edu.ko bdf=@edu0
cohmap_edu_b.ko bdf=@edu1"
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
host_case "board_$variant" "$(iommu_check)"
host_case probes_as_expected "$(probes_check)"
echo "$p $f $s" > "$out/counts"
echo "distro-$kver $variant ($rel): $p passed, $f failed, $s skipped (with the host-side board and probe checks)"
sed 's/^/  config: /' "$out/config"
exit "$rc"
