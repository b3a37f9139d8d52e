#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit-tree.sh KDIR: place cohmap's KUnit suite into the kernel source
# tree KDIR as drivers/misc/cohmap/, the way an in-tree test lives: its
# sources with the library vendored in cohmap/ (make vendor), a Kconfig
# entry (COHMAP_KUNIT_TEST, sourced from drivers/misc/Kconfig), a
# Makefile line in drivers/misc/Makefile, and a .kunitconfig. Then
#
#	./tools/testing/kunit/kunit.py run --kunitconfig=drivers/misc/cohmap \
#		--arch=x86_64 --qemu_args='-device edu,dma_mask=0xffffffff'
#
# runs it as kernel developers run KUnit. Repeatable: files that did not
# change keep their times, so kunit.py rebuilds only what did; the hooks
# are added once. `make kunit-tree KDIR=...` runs this.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kdir=${1:?usage: kunit-tree.sh KDIR (a kernel source tree)}
if [ ! -f "$kdir/tools/testing/kunit/kunit.py" ] ||
   [ ! -f "$kdir/drivers/misc/Kconfig" ] || [ ! -f "$kdir/drivers/misc/Makefile" ]; then
	echo "cohmap: $kdir is not a kernel source tree (no tools/testing/kunit/kunit.py or drivers/misc/)" >&2
	exit 1
fi
dest=$kdir/drivers/misc/cohmap
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

cp -r "$top"/tests/kunit/Kbuild "$top"/tests/kunit/Kconfig \
	"$top"/tests/kunit/.kunitconfig "$top"/tests/kunit/kunit.mk \
	"$top"/tests/kunit/kt_compat.h "$top"/tests/kunit/cohmap_kunit_test.c \
	"$top"/tests/kunit/probes "$stage/"
make -s -C "$top" vendor DEST="$stage/cohmap" >/dev/null
mkdir -p "$dest"
rsync -a --checksum --delete --exclude='*.o' --exclude='*_probed.h' \
	--exclude='.*.cmd' "$stage/" "$dest/"

# The hooks, once: Kconfig inside drivers/misc's menu, before its end.
if ! grep -q '^source "drivers/misc/cohmap/Kconfig"' "$kdir/drivers/misc/Kconfig"; then
	grep -q '^endmenu' "$kdir/drivers/misc/Kconfig" || {
		echo "cohmap: no endmenu in $kdir/drivers/misc/Kconfig to add the entry before" >&2
		exit 1
	}
	sed -i '$!b; /^endmenu/i source "drivers/misc/cohmap/Kconfig"' \
		"$kdir/drivers/misc/Kconfig"
	grep -q '^source "drivers/misc/cohmap/Kconfig"' "$kdir/drivers/misc/Kconfig" || {
		echo "cohmap: could not add the Kconfig entry to $kdir/drivers/misc/Kconfig" >&2
		exit 1
	}
fi
grep -q '^obj-$(CONFIG_COHMAP_KUNIT_TEST)' "$kdir/drivers/misc/Makefile" ||
	echo 'obj-$(CONFIG_COHMAP_KUNIT_TEST)	+= cohmap/' >> "$kdir/drivers/misc/Makefile"

echo "cohmap: KUnit suite placed in $dest; run it with:"
echo "  cd $kdir && ./tools/testing/kunit/kunit.py run --kunitconfig=drivers/misc/cohmap \\"
echo "      --arch=x86_64 --qemu_args='-device edu,dma_mask=0xffffffff'"
