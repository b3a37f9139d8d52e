#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh ARCH VARIANT [KVER]: one benchmark boot on a board of the testbed
# (the same kernel, QEMU machine and devices as make check's), with only
# the benchmark fixture loaded and /cohmap_bench as the program. Writes
# the program's lines to build/bench/ARCH-VARIANT@KVER.txt, with the host
# facts tests/bench/report.py puts beside them.
#
# COHMAP_BENCH_REPS (default 5) repetitions; COHMAP_BENCH_MAX (bytes,
# default 256 MiB) the largest size; COHMAP_BENCH_MEM the guest memory.
#
# The guest's clock is QEMU's instruction counter (-icount shift=0: one
# nanosecond per guest instruction, sleep=off): under TCG, wall-clock time
# measures the host's load as much as the guest's work (this machine is
# shared), while an instruction count is the same in every run.
# COHMAP_BENCH_CLOCK=wall measures wall-clock time instead.
set -euo pipefail
COHMAP_KVER=${3:-${COHMAP_KVER:-}}
. "$(dirname "$0")/../testbed/env.sh"
. "$COHMAP_TOP/tests/testbed/boards.sh"

arch=${1:?usage: run.sh ARCH VARIANT [KVER]}
variant=${2:?usage: run.sh ARCH VARIANT [KVER]}
arch_setup "$arch"
name=$arch-$variant@$COHMAP_KVER
out=$COHMAP_TOP/build/bench/$name
rm -rf "$out"
mkdir -p "$out/initramfs/dev" "$out/initramfs/proc" "$out/initramfs/sys"

kdir=$("$COHMAP_TOP/tests/testbed/kernel.sh" "$arch" "$COHMAP_KVER")
# Two buffers of the largest size, a kernel bounce buffer and a user one
# must fit beside the kernel; cma= sizes the contiguous area on kernels
# that have one (without, direct-mapped buffers stop at the buddy
# allocator's largest block, and the bench says where it stopped).
export COHMAP_BOARD_MEM=${COHMAP_BENCH_MEM:-3G}
board "$out" "$arch" "$variant"
append="panic=-1 oops=panic loglevel=4 cma=640M $board_append"
export COHMAP_MODULES=cohmap_bench
modules_cached "$arch" "$kdir" "$out/modules"

ird=$out/initramfs
cc="${CROSS}gcc -static -O2 -Wall -I$COHMAP_TOP/tests/bench"
$cc -o "$ird/init" "$COHMAP_TOP/tests/testbed/init.c"
$cc -o "$ird/cohmap_bench" "$COHMAP_TOP/tests/bench/bench.c"
printf 'reps %s\nmax %s\n' "${COHMAP_BENCH_REPS:-5}" \
	"${COHMAP_BENCH_MAX:-268435456}" > "$ird/cohmap-bench.conf"
cp "$out/modules/cohmap_bench.ko" "$ird/"
echo "cohmap_bench.ko bdf=@edu0" > "$ird/modules.list"
echo "cohmap: bench boot $name (log: $out/console.log)" >&2
clock="-icount shift=0,sleep=off"
[ "${COHMAP_BENCH_CLOCK:-icount}" = icount ] || clock=
boot "$out" "${COHMAP_BENCH_TIMEOUT:-2400}" $edu $clock

{
	echo "bench-host: board=$arch:$variant kver=$COHMAP_KVER date=$(date -u +%Y-%m-%dT%H:%MZ)"
	echo "bench-host: qemu=\"$($QEMU --version | head -n1)\" machine=\"$machine -m $mem\" accel=tcg clock=\"${clock:-wall}\""
	echo "bench-host: cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')\" cpus=$(nproc) load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
	grep -a '^bench' "$out/console.log" | tr -d '\r'
} > "$COHMAP_TOP/build/bench/$name.txt"
grep -q '^bench-done' "$COHMAP_TOP/build/bench/$name.txt" || {
	echo "cohmap: bench $name did not finish; see $out/console.log" >&2
	exit 1
}
echo "cohmap: bench $name: $COHMAP_TOP/build/bench/$name.txt" >&2
