#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh: checkpatch.pl --strict on every C file of ours, kernel-doc
# (and docs/api.rst up to date), then every module built with sparse (C=2)
# and W=1, where any warning fails, then every feature probe's answer on
# every cached kernel tree against tests/testbed/probes.expected.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$COHMAP_TOP"

# The kernel's own scripts, from the unpacked 6.1 source.
"$COHMAP_TOP/tests/testbed/deps.sh" source 6.1

files=$(git ls-files '*.c' '*.h' | grep -v '^tests/cocci/')
# SPDX_LICENSE_TAG: checkpatch wants // in .c and /* */ in .h, as we do;
# user-space programs may use printf-style kernel-unknown types.
ignore=FILE_PATH_CHANGES,SPDX_LICENSE_TAG,NEW_TYPEDEFS
"$COHMAP_SRC/scripts/checkpatch.pl" --strict --no-tree --quiet \
	--ignore $ignore -f $(echo "$files" |
		grep -v -e '^samples/legacy/' -e '^tests/kunit/kt_compat.h$')
# kt_compat.h rebuilds 5.10's missing KUnit macros, which name their
# arguments inside typeof() (no evaluation) as KUnit's own do.
"$COHMAP_SRC/scripts/checkpatch.pl" --strict --no-tree --quiet \
	--ignore $ignore,MACRO_ARG_REUSE -f tests/kunit/kt_compat.h
# samples/legacy/ is 2.6-era code on purpose: P5 needs its
# "#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 10)" guard.
legacy=$(echo "$files" | grep '^samples/legacy/' || true)
[ -z "$legacy" ] ||
	"$COHMAP_SRC/scripts/checkpatch.pl" --strict --no-tree --quiet \
		--ignore $ignore,LINUX_VERSION_CODE,CONSTANT_COMPARISON \
		-f $legacy
echo "checkpatch: clean ($(echo "$files" | wc -w) files)"

"$COHMAP_TOP/tests/testbed/docs.sh" --check
echo "kernel-doc: clean, docs/api.rst current"
"$COHMAP_TOP/tests/testbed/policies-check.py"

kdir=$("$COHMAP_TOP/tests/testbed/kernel.sh" x86_64)
COHMAP_MODULES="cohmap_kunit cohmap_edu cohmap_edu_b cohmap_bench" \
COHMAP_MAKEFLAGS="C=2" "$COHMAP_TOP/tests/testbed/modules.sh" x86_64 \
	"$kdir" "$COHMAP_TOP/build/lint"
echo "sparse and W=1: clean"

"$COHMAP_TOP/tests/testbed/probes.sh" --check
