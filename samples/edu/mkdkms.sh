#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkdkms.sh [--add] SOURCETREE [VERSION]: stage the edu sample as a DKMS
# source tree, SOURCETREE/cohmap-edu-VERSION/, and print that folder. It
# holds what a driver that vendors cohmap ships: its own sources and
# Kbuild, its copy of cohmap (cohmap/, from `make vendor`) and dkms.conf
# with the version filled in. With --add, the tree is then added to the
# system's dkms (an earlier add of the same version is removed first, so
# the command can be repeated): that is `make dkms`, into /usr/src. The
# testbed stages into a private tree (tests/testbed/dkms-build.sh).
#
# VERSION defaults to 0.0.<commits on this branch>, so each commit sorts
# after the one before (dkms and apt compare versions that way), or 0.0.0
# outside a git checkout.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: mkdkms.sh [--add] SOURCETREE [VERSION]"
add=0
if [ "${1:-}" = --add ]; then
	add=1
	shift
fi
tree=${1:?$usage}
ver=${2:-0.0.$(git -C "$top" rev-list --count HEAD 2>/dev/null || echo 0)}
case "$ver" in
*/*|*' '*|'') echo "cohmap: bad DKMS version '$ver'" >&2; exit 2 ;;
esac
dest=$tree/cohmap-edu-$ver

# dkms keeps a link to the staged folder: drop its record before the
# folder goes.
if [ "$add" = 1 ] && [ -n "$(dkms status -m cohmap-edu -v "$ver" 2>/dev/null)" ]; then
	dkms remove -m cohmap-edu -v "$ver" --all >&2
fi
rm -rf "$dest"
mkdir -p "$dest"
# The driver's files only: edu-demo.c is the sample's user-space program.
cp "$top"/samples/edu/Kbuild "$top"/samples/edu/edu.c \
	"$top"/samples/edu/cohmap_edu.h "$dest/"
sed "s/#MODULE_VERSION#/$ver/" "$top/samples/edu/dkms.conf" > "$dest/dkms.conf"
make -s -C "$top" vendor DEST="$dest/cohmap" >/dev/null
if [ "$add" = 1 ]; then
	dkms add -m cohmap-edu -v "$ver" >&2
	echo "cohmap: added; build and install for the running kernel with:" >&2
	echo "cohmap:   dkms install -m cohmap-edu -v $ver" >&2
	echo "cohmap: (or another one: -k KERNELRELEASE; its linux-headers package must be installed)" >&2
fi
echo "$dest"
