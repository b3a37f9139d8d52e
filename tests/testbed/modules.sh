#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modules.sh ARCH KDIR OUT: build every cohmap module for ARCH against the
# kernel build tree KDIR, each vendoring its own copy of cohmap exactly as a
# driver would, and copy the .ko files to OUT.
# Extra make arguments come from $COHMAP_MAKEFLAGS (e.g. C=2 for sparse);
# $COHMAP_PROBE_FORCE forces feature probes (see cohmap.mk);
# $COHMAP_MODULES picks a subset of the modules; $COHMAP_WARN_IGNORE see
# below. W=1 unless COHMAP_W1=0 (make demo: W=1 runs the kernel's
# kernel-doc, which needs perl's modules, on a machine that only wants
# the first result; make check and lint build everything W=1).
set -euo pipefail
. "$(dirname "$0")/env.sh"

arch=${1:?usage: modules.sh ARCH KDIR OUT}
kdir=${2:?usage: modules.sh ARCH KDIR OUT}
out=${3:?usage: modules.sh ARCH KDIR OUT}
arch_setup "$arch"
mkdir -p "$out"

w1=W=1
[ "${COHMAP_W1:-1}" = 1 ] || w1=

# vendor SRC DEST: a driver folder plus its own copy of cohmap.
vendor() {
	rm -rf "$2"
	mkdir -p "$2/cohmap"
	rsync -a --exclude='*.o' --exclude='.*' --exclude='*.cmd' \
		--exclude='*_probed.h' "$1"/ "$2"/
	# Sources only: never a build product of an in-tree M=$PWD build.
	rsync -a --exclude='*.o' --exclude='.*' --exclude='*.cmd' \
		--exclude='*_probed.h' "$COHMAP_TOP"/include \
		"$COHMAP_TOP"/core "$COHMAP_TOP"/compat "$COHMAP_TOP"/arch \
		"$COHMAP_TOP"/cohmap.mk "$2/cohmap/"
}

# build NAME SRC [make args]: vendor SRC as build/NAME and build it.
build() {
	local name=$1 src=$2 dir="$out/src/$1"
	shift 2
	vendor "$COHMAP_TOP/$src" "$dir"
	make -C "$kdir" M="$dir" ARCH="$KARCH" CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" ${w1} \
		COHMAP_PROBE_FORCE="${COHMAP_PROBE_FORCE:-}" \
		${COHMAP_MAKEFLAGS:-} "$@" >"$out/$name.log" 2>&1 || {
		cat "$out/$name.log" >&2
		echo "cohmap: building $name for $arch failed" >&2
		return 1
	}
	# Warning-free, W=1 or not: a warning is a build failure here.
	# $COHMAP_WARN_IGNORE (a regex) drops lines that are not ours: the
	# kernel's own headers under W=1 on build-only architectures.
	if grep -E "warning:|error:" "$out/$name.log" |
	   grep -vE "${COHMAP_WARN_IGNORE:-^\$}" >&2; then
		echo "cohmap: $name has compiler or sparse warnings" >&2
		return 1
	fi
	cp "$dir"/*.ko "$out/"
}

want() {
	case " ${COHMAP_MODULES:-cohmap_kunit cohmap_edu cohmap_edu_b} " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

want cohmap_kunit && build cohmap_kunit tests/kunit
want cohmap_edu && build cohmap_edu samples/edu
want cohmap_edu_b &&
	build cohmap_edu_b samples/edu EDU_NAME=cohmap_edu_b EDU_PREFIX=edub_
# The benchmark fixture (make bench; lint builds it too).
want cohmap_bench && build cohmap_bench tests/bench
exit 0
