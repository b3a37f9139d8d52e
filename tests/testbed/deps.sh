#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: what the testbed needs, derived from the architecture table in
# env.sh (arch_setup), so a new board cannot forget its toolchain again.
#
#   deps.sh install [--check] ENTRY...  apt-get what ENTRY... need (and
#                                       sparse, coccinelle with --check),
#                                       fetch their kernel sources
#   deps.sh verify [--check] ENTRY...   per entry: each command, library and
#                                       firmware file it uses, the package
#                                       it comes from, and whether it is
#                                       there; fails if anything is missing
#   deps.sh source KVER                 fetch and unpack linux-source-KVER
#   deps.sh pkgs PKG...                 apt-get those of PKG... that are
#                                       not installed (make dkms, demo.sh)
#
# ENTRY is ARCH, ARCH:VARIANT or ARCH:VARIANT@KVER (as in `make check`).
# Idempotent: installed packages and cached sources are left alone.
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/archive.sh"

entry_arch() { local e=${1%%@*}; echo "${e%%:*}"; }
entry_kver() {
	case "$1" in
	*@*) echo "${1#*@}" ;;
	*) echo "$COHMAP_KVER" ;;
	esac
}

# base_needs: "what package" lines for what every entry uses. what is
# cmd:NAME (on PATH), file:PATH, pkg:NAME (an installed package) or
# src:KVER (a kernel source).
base_needs() {
	local p

	for p in $COHMAP_BASE_PKGS; do
		case "$p" in
		linux-source-*) ;;
		*) echo "pkg:$p $p" ;;
		esac
	done
	echo "cmd:make make"
	echo "cmd:gcc gcc"
	echo "file:$archive_keyring debian-archive-keyring"
	if [ "$check" = 1 ]; then
		echo "cmd:sparse sparse"
		echo "cmd:spatch coccinelle"
	fi
}

# entry_needs ENTRY: the same for what one matrix entry adds.
entry_needs() {
	local p kver

	kver=$(entry_kver "$1")
	# distro:VARIANT@KVER boots Debian's own x86_64 kernel (distro.sh);
	# its dkms variant builds the sample with the real dkms tool.
	# kunitpy:ARCH runs kunit.py (kunitpy.sh) on linux-source-KVER, with
	# kunit.py's own x86_64 QEMU setup, which loads qboot.
	case "$(entry_arch "$1")" in
	distro)
		arch_setup x86_64
		case "$1" in distro:dkms@*) echo "cmd:dkms dkms" ;; esac ;;
	kunitpy)
		arch_setup x86_64
		echo "src:$kver linux-source-$kver"
		echo "file:/usr/share/qemu/qboot.rom qemu-system-data" ;;
	*)
		arch_setup "$(entry_arch "$1")"
		echo "src:$kver linux-source-$kver" ;;
	esac
	echo "cmd:${CROSS}gcc $CC_PKG"
	if [ -n "$CROSS" ]; then
		echo "cmd:${CROSS}ld binutils-${CROSS%-}"
	else
		echo "cmd:ld binutils"
	fi
	# A booted board links /init statically and runs QEMU: a hole in the
	# table for either shows up as a MISSING line, not a late failure.
	if [ -n "$KIMAGE" ]; then
		echo "file:${LIBC_A:-(static-libc)} ${LIBC_PKG:-(none-in-env.sh)}"
		echo "cmd:${QEMU:-(qemu)} ${QEMU_PKG:-(none-in-env.sh)}"
	fi
	for p in $FIRMWARE; do
		echo "file:${p%%:*} ${p#*:}"
	done
	for p in $BOARD_PKGS; do
		case "$p" in
		device-tree-compiler) echo "cmd:dtc $p" ;;
		*) echo "pkg:$p $p" ;;
		esac
	done
}

# needs ENTRY...: all of it, once each.
needs() {
	local e

	{
		base_needs
		for e in "$@"; do
			entry_needs "$e"
		done
	} | awk '!seen[$0]++'
}

# have WHAT: is it there?
have() {
	case "$1" in
	cmd:*) command -v "${1#cmd:}" >/dev/null ;;
	file:*) [ -e "${1#file:}" ] ;;
	src:*) [ -f "$COHMAP_CACHE/linux-source-${1#src:}/Makefile" ] ||
	       { [ "${1#src:}" = 6.1 ] && [ -f /usr/src/linux-source-6.1.tar.xz ]; } ||
	       [ -f "$COHMAP_CACHE/debs/linux-source-${1#src:}.tar.xz" ] ;;
	pkg:*) dpkg-query -W -f='${Status}\n' "${1#pkg:}" 2>/dev/null |
	       grep -qE '^install ok (installed|triggers)' ;;
	esac
}

apt_install() {
	[ $# -gt 0 ] || return 0
	echo "cohmap: installing: $*" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update -qq &&
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends "$@" >/dev/null
}

# fetch_source KVER: linux-source-KVER's .deb from the first suite of
# env.sh's KSUITES that has it, by the pool path the suite's Packages
# index gives today (pool files change with each upload), verified as apt
# would (archive.sh). The machine's apt sources are never touched.
fetch_source() {
	local suite

	kver_setup "$1"
	[ ! -f "$COHMAP_CACHE/debs/linux-source-$1.tar.xz" ] || return 0
	for suite in $KSUITES; do
		fetch_from "$1" "$suite" && return 0
	done
	echo "cohmap: no suite of $KSUITES gave a verified linux-source-$1" >&2
	return 1
}

# fetch_from KVER SUITE: fetch_source's work for one suite.
fetch_from() {
	local kver=$1 suite=$2 tmp deb_path deb_sum
	local tarball="$COHMAP_CACHE/debs/linux-source-$kver.tar.xz"

	mkdir -p "$COHMAP_CACHE/debs"
	tmp=$(mktemp -d "$COHMAP_CACHE/debs/fetch.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" RETURN
	echo "cohmap: fetching linux-source-$kver from $suite" >&2
	archive_index "$suite" binary-all "$tmp" > "$tmp/Packages.txt" ||
		return 1
	# The highest version of the package, if the suite holds several.
	read -r deb_path deb_sum < <(awk -v p="linux-source-$kver" '
		/^Package: / { pkg = $2 } /^Version: / { ver = $2 }
		/^Filename: / { fn = $2 } /^SHA256: / { sum = $2 }
		/^$/ { if (pkg == p) print ver, fn, sum; pkg = "" }
		END { if (pkg == p) print ver, fn, sum }' "$tmp/Packages.txt" |
		sort -V | tail -n 1 | cut -d' ' -f2-)
	[ -n "${deb_path:-}" ] || {
		echo "cohmap: $suite has no linux-source-$kver" >&2
		return 1
	}
	archive_get "$suite" "$deb_path" "$deb_sum" "$tmp/src.deb" || return 1
	dpkg-deb -x "$tmp/src.deb" "$tmp/x"
	mv "$tmp/x/usr/src/linux-source-$kver.tar.xz" "$tarball.part"
	echo "$suite $(basename "$deb_path") $deb_sum" > "$tarball.from"
	mv "$tarball.part" "$tarball"
}

# source_tarball KVER: where linux-source-KVER.tar.xz is.
source_tarball() {
	if [ "$1" = 6.1 ]; then
		echo /usr/src/linux-source-6.1.tar.xz
	else
		echo "$COHMAP_CACHE/debs/linux-source-$1.tar.xz"
	fi
}

# unpack_source KVER: the unpacked tree in $COHMAP_SRC. Unpacked into a
# temporary name and renamed, so an interrupted unpack is never mistaken
# for a tree.
unpack_source() {
	kver_setup "$1"
	[ ! -f "$COHMAP_SRC/Makefile" ] || return 0
	[ "$1" = 6.1 ] || fetch_source "$1"
	rm -rf "$COHMAP_SRC.part"
	mkdir -p "$COHMAP_SRC.part"
	echo "cohmap: unpacking linux-source-$1" >&2
	tar -C "$COHMAP_SRC.part" --strip-components=1 -xf "$(source_tarball "$1")"
	rm -rf "$COHMAP_SRC"
	mv "$COHMAP_SRC.part" "$COHMAP_SRC"
}

check=0
mode=${1:?usage: deps.sh install|verify [--check] ENTRY... | source KVER | pkgs PKG...}
shift
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi

case "$mode" in
source)
	unpack_source "${1:?usage: deps.sh source KVER}" ;;
pkgs)
	missing=()
	for p in "$@"; do
		have "pkg:$p" || missing+=("$p")
	done
	apt_install "${missing[@]}" ;;
install)
	missing=()
	while read -r what pkg; do
		case "$what" in src:*) continue ;; esac
		have "$what" || missing+=("$pkg")
	done < <(needs "$@")
	# linux-source-6.1 is a package of this machine's own suite.
	for e in "$@"; do
		[ "$(entry_kver "$e")" != 6.1 ] || have src:6.1 ||
			missing+=(linux-source-6.1)
	done
	# shellcheck disable=SC2046
	apt_install $(printf '%s\n' "${missing[@]}" | awk 'NF && !seen[$0]++')
	for k in $(for e in "$@"; do entry_kver "$e"; done | sort -uV); do
		have "src:$k" || fetch_source "$k"
	done ;;
verify)
	# One line per thing: who needs it, what it is, its package, state.
	bad=0
	while read -r who what pkg; do
		if have "$what"; then
			state=ok
		else
			state=MISSING bad=1
		fi
		printf '%-22s %-46s %-26s %s\n' "$who" "${what#*:}" "$pkg" "$state"
	done < <(base_needs | sed 's/^/(every) /'
		 for e in "$@"; do entry_needs "$e" | sed "s/^/$e /"; done)
	if [ "$bad" != 0 ]; then
		echo "cohmap: something above is MISSING; 'make deps' installs it" >&2
		exit 1
	fi ;;
*)
	echo "usage: deps.sh install|verify [--check] ENTRY... | source KVER | pkgs PKG..." >&2
	exit 2 ;;
esac
