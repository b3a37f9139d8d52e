#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-build.sh KDIR REL OUT: the edu sample built and installed by the
# real dkms tool for kernel REL, whose headers are unpacked at KDIR (a
# Debian linux-headers tree from debian.sh), as a user's `apt install
# cohmap-edu-dkms` or `make dkms` would. Copies the module dkms installed
# to OUT/cohmap_edu.ko for the boot, and writes OUT/dkms-checks: one
# "name passed" or "name why-it-failed" line per check of dkms's own work.
#
# dkms runs on private trees under OUT/dkms (--sourcetree, --dkmstree,
# --installtree): the host's /usr/src, /var/lib/dkms and /lib/modules are
# never touched, and REL need not be the running or an installed kernel.
# dkms refuses to install for a kernel whose module folder does not exist,
# so the install tree gets REL's folder with the image's modules.order
# and modules.builtin (what depmod reads), not its modules. depmod runs
# here instead of in dkms (--no-depmod: dkms's would index the host's
# /lib/modules/REL), against REL's Module.symvers, so a symbol that
# kernel does not export, or exports with another CRC, fails the check
# instead of the boot.
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/debian.sh"

kdir=${1:?usage: dkms-build.sh KDIR REL OUT}
rel=${2:?usage: dkms-build.sh KDIR REL OUT}
out=${3:?usage: dkms-build.sh KDIR REL OUT}
w=$out/dkms
rm -rf "$w"
mkdir -p "$w/src" "$w/tree" "$w/lib/modules/$rel"
# The image's own index files sit next to build/ in the unpacked root
# (dirname: build is a symlink, .. would leave through it).
for f in modules.order modules.builtin modules.builtin.modinfo; do
	f=$(dirname "$kdir")/$f
	[ ! -f "$f" ] || cp "$f" "$w/lib/modules/$rel/"
done

src=$("$COHMAP_TOP/samples/edu/mkdkms.sh" "$w/src")
ver=${src##*/cohmap-edu-}
trees=(--sourcetree "$w/src" --dkmstree "$w/tree" --installtree "$w/lib/modules")
kernel=(-k "$rel" --kernelsourcedir "$kdir")

# run NAME CMD...: one dkms step, its output in OUT/NAME.log.
run() {
	local name=$1

	shift
	echo "cohmap: $*" >&2
	"$@" > "$out/$name.log" 2>&1 || {
		cat "$out/$name.log" >&2
		find "$w/tree" -name make.log -exec cat {} + >&2 2>/dev/null
		echo "cohmap: $name failed (log: $out/$name.log)" >&2
		exit 1
	}
}
run dkms-add dkms add -m cohmap-edu -v "$ver" "${trees[@]}"
run dkms-build dkms build -m cohmap-edu -v "$ver" "${kernel[@]}" "${trees[@]}"
run dkms-install dkms install -m cohmap-edu -v "$ver" "${kernel[@]}" \
	--no-depmod "${trees[@]}"

# ---- what dkms did, checked ----

: > "$out/dkms-checks"
check() {	# NAME WHY ("passed" or the reason)
	echo "$1 $2" >> "$out/dkms-checks"
}

status=$(dkms status -m cohmap-edu -v "$ver" -k "$rel" "${trees[@]}" 2>&1)
case "$status" in
*": installed"*) check dkms_status passed ;;
*) check dkms_status "dkms status says: ${status:-nothing}" ;;
esac

ko=$(find "$w/lib/modules/$rel/updates/dkms" -name 'cohmap_edu.ko*' \
	2>/dev/null | head -n 1)
if [ -z "$ko" ]; then
	check dkms_installed "no cohmap_edu.ko under updates/dkms"
	exit 0
fi
magic=$(modinfo -F vermagic "$ko")
if [ "${magic%% *}" = "$rel" ]; then
	check dkms_installed passed
else
	check dkms_installed "vermagic '$magic' is not for $rel"
fi

depmod -b "$w" -e -E "$kdir/Module.symvers" "$rel" > "$out/depmod.log" 2>&1 ||
	echo "depmod exited with $?" >> "$out/depmod.log"
if [ -s "$out/depmod.log" ]; then
	check depmod_symbols "$(head -n 1 "$out/depmod.log")"
elif ! grep -q "^updates/dkms/${ko##*/}:" "$w/lib/modules/$rel/modules.dep"; then
	check depmod_symbols "modules.dep does not list updates/dkms/${ko##*/}"
else
	check depmod_symbols passed
fi

ko_cat "$ko" > "$out/cohmap_edu.ko"
