# SPDX-License-Identifier: GPL-2.0
# Debian's own prebuilt amd64 kernels, fetched and unpacked without being
# installed: the image and the linux-headers-* a DKMS build uses. For
# distro.sh (the e2e suite on them, by hand-built or DKMS-built modules)
# and demo.sh (make demo). Sourced after env.sh and archive.sh, never run.
#
# debian_kernel KVER picks the suite:
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
# then debian_fetch() brings the image's linux-headers-*-amd64, the -common
# headers and the linux-kbuild-* that one depends on, all unpacked with
# dpkg-deb -x into $COHMAP_CACHE/distro/<image version>/ (see fix_kdir()
# for the paths that had to be made to work there), and sets $dir, $rel
# (the kernel release), $kdir_dkms (<version>/root/lib/modules/<rel>/build,
# the KDIR a DKMS build uses) and $config (the image's own config).

# debian_kernel KVER: sets kver, suite and dcache for the functions below.
debian_kernel() {
	kver=$1
	case "$kver" in
	6.1) suite=bookworm ;;
	6.12) suite=bookworm-backports ;;
	*) echo "cohmap: no Debian prebuilt kernel '$kver' (have: 6.1 6.12)" >&2
	   return 1 ;;
	esac
	dcache=$COHMAP_CACHE/distro
}

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
# debian_fetch() calls it as a condition, where bash ignores set -e: every
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

# debian_fetch: the packages unpacked in $dir, and $rel, $kdir_dkms and
# $config (see the top of this file). Idempotent: a complete tree (its
# .complete marker) of the same four packages is reused; a run of another
# variant waits on the lock meanwhile. Without the network, the last tree
# fetched for $kver is reused. Its scratch folder goes at exit (a trap).
debian_fetch() {
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
	kdir_dkms=$dir/root/lib/modules/$rel/build
	config=$dir/root/boot/config-$rel
}

# opt NAME: y, m or n for CONFIG_NAME in the kernel's own config.
opt() {
	local v

	v=$(sed -n "s/^CONFIG_$1=//p" "$config")
	echo "${v:-n}"
}

# host_missing: what apt would have installed with the headers for a
# DKMS user and this machine lacks: linux-kbuild-*'s own dependencies
# (from 6.12 pahole, for the modules' BTF against the vmlinux the headers
# ship) and the gcc the kernel was built with. Prints package names.
host_missing() {
	local p

	while read -r p; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q ' installed$' || echo "$p"
	done < <(awk '$1 ~ /^linux-kbuild-/ { n = split($6, d, ",")
		for (i = 1; i <= n; i++) { sub(/[|(].*/, "", d[i]); print d[i] } }' \
		"$dir/packages")
	command -v gcc-12 >/dev/null || echo gcc-12
}

# host_check: host_missing is empty, or fail with the apt-get line that
# fixes it.
host_check() {
	local missing

	missing=$(host_missing | tr '\n' ' ')
	[ -z "$missing" ] || {
		echo "cohmap: $(awk '$1 ~ /^linux-kbuild-/ { print $1 }' "$dir/packages") needs what this machine lacks; apt-get install $missing" >&2
		return 1
	}
}

# ---- distribution modules in the initramfs ----

# ko_cat FILE: a module, decompressed (/init's finit_module() passes no
# flags, so the kernel would not decompress it).
ko_cat() {
	case "$1" in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac
}

# distro_mod NAME: copy NAME's module, after the modules it depends on,
# out of the image (decompressed) into the initramfs $ird and add it to
# $mods. Dependencies come from modinfo, since the
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
	ko_cat "$f" > "$ird/$1.ko"
	mods="$mods$1.ko
"
	loaded="$loaded $1"
}

