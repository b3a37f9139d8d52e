#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: `make demo` on x86_64, the first result within minutes of a
# fresh Debian bookworm machine. Installs only what this needs (QEMU,
# gcc, make: COHMAP_DEMO_PKGS in env.sh), boots Debian's own prebuilt
# 6.1 kernel rather than building one (debian.sh: apt-get download, never
# installed on this machine), builds the edu sample against that
# kernel's linux-headers as a DKMS user's machine would, and runs
# samples/edu/edu-demo.c inside the guest: map a cohmap buffer, have QEMU's
# edu device DMA through it, check the bytes. One progress line per step
# with the time since the start; the details go to build/demo/demo.log.
# The testbed's own debug kernels (make check) are not needed here.
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/boards.sh"
. "$(dirname "$0")/archive.sh"
. "$(dirname "$0")/debian.sh"

out=$COHMAP_TOP/build/demo
log=$out/demo.log
rm -rf "$out"
mkdir -p "$out/initramfs"
t0=$(date +%s)

step() {
	printf 'cohmap demo [%3ds] %s\n' $(( $(date +%s) - t0 )) "$*"
}
# A failing step shows its own words, not just a line number.
trap 'echo "cohmap demo: failed; the last lines of $log:" >&2
      tail -n 25 "$log" >&2' ERR

step "install: QEMU, gcc, make (only those missing)"
# shellcheck disable=SC2086
"$COHMAP_TOP/tests/testbed/deps.sh" pkgs $COHMAP_DEMO_PKGS >>"$log" 2>&1

step "install: Debian's prebuilt 6.1 kernel and its linux-headers (downloaded, not installed)"
debian_kernel 6.1
debian_fetch 2>>"$log"
# Whatever else this linux-kbuild needs, as apt would pull it in.
# shellcheck disable=SC2046
"$COHMAP_TOP/tests/testbed/deps.sh" pkgs $(host_missing) >>"$log" 2>&1

step "build: the edu sample driver, vendoring cohmap, against linux-headers-$rel"
COHMAP_W1=0 COHMAP_MODULES=cohmap_edu "$COHMAP_TOP/tests/testbed/modules.sh" x86_64 \
	"$kdir_dkms" "$out/modules" >>"$log" 2>&1
ird=$out/initramfs
mkdir -p "$ird/dev" "$ird/proc" "$ird/sys"
cc="gcc -static -O2 -Wall -I$COHMAP_TOP/samples/edu"
$cc -o "$ird/init" "$COHMAP_TOP/tests/testbed/init.c" >>"$log" 2>&1
$cc -o "$ird/demo" "$COHMAP_TOP/samples/edu/edu-demo.c" >>"$log" 2>&1
cp "$out/modules/cohmap_edu.ko" "$ird/"
echo "cohmap_edu.ko bdf=@edu0" > "$ird/modules.list"

step "boot: QEMU x86_64 (q35, QEMU's edu DMA device), Debian's $rel"
arch_setup x86_64
board "$out" x86_64 demo
kdir=$dir/root/boot KIMAGE=vmlinuz-$rel
append="panic=-1 oops=panic loglevel=7 $board_append"
# shellcheck disable=SC2086 # $edu is a list of QEMU arguments
boot "$out" "${COHMAP_BOOT_TIMEOUT:-180}" $edu 2>>"$log"

step "result: what the demo printed inside the guest"
sed -n '/cohmap-init: running \/demo/,/COHMAP-RESULTS-BEGIN/p' \
	"$out/console.log" | sed '1d;$d' | tr -d '\r' | sed 's/^/    /'
# The same verdict make check gives a boot: the program's exit status,
# the module load, no kernel splat. No kernel source is installed for the
# demo, so the KTAP block is counted without kunit.py's parser.
trap - ERR
rc=0
COHMAP_KTAP_PARSE=0 "$COHMAP_TOP/tests/testbed/results.py" "$out" x86_64 \
	"demo (Debian $rel)" > "$out/results.txt" || rc=$?
sed 's/^ *//' "$out/results.txt" | while read -r line; do step "$line"; done
if [ "$rc" = 0 ]; then
	step "PASS (console log: $out/console.log)"
else
	step "FAIL (console log: $out/console.log)"
fi
exit "$rc"
