# SPDX-License-Identifier: GPL-2.0
# Debian's archive, read the way apt reads it, without touching this
# machine's apt sources: for deps.sh (linux-source of other suites) and
# distro.sh (prebuilt kernels of bookworm-backports). Sourced, never run.

COHMAP_DEBIAN_MIRROR=${COHMAP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
archive_keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# archive_base SUITE: the archive that carries SUITE.
archive_base() {
	case "$1" in
	*-security) echo "$COHMAP_DEBIAN_MIRROR-security" ;;
	*) echo "$COHMAP_DEBIAN_MIRROR" ;;
	esac
}

# archive_index SUITE DIR TMP: SUITE's main/DIR/Packages (DIR: binary-all,
# binary-amd64) on stdout, uncompressed, with apt's chain of trust: the
# InRelease signed by the archive key gives the index's sha256. Any of
# the index's forms whose sha256 matches will do: a mirror behind a CDN
# can serve a stale copy of one form, or lack by-hash. TMP: a scratch
# folder.
archive_index() {
	local suite=$1 dir=$2 tmp=$3 url form sum path

	url="$(archive_base "$suite")/dists/$suite"
	curl -fsS -o "$tmp/InRelease" "$url/InRelease" || return 1
	gpgv --keyring "$archive_keyring" --output "$tmp/Release" \
		"$tmp/InRelease" 2>"$tmp/gpgv.log" || {
		cat "$tmp/gpgv.log" >&2
		echo "cohmap: $suite's InRelease does not verify with $archive_keyring" >&2
		return 1
	}
	for form in Packages.xz Packages.gz Packages; do
		sum=$(awk -v f="main/$dir/$form" '/^SHA256:/ { s = 1; next }
			/^[^ ]/ { s = 0 } s && $3 == f { print $1 }' "$tmp/Release")
		[ -n "$sum" ] || continue
		for path in "by-hash/SHA256/$sum" "$form"; do
			curl -fsS -o "$tmp/$form" "$url/main/$dir/$path" \
				2>/dev/null || continue
			echo "$sum  $tmp/$form" | sha256sum -c --quiet - \
				>/dev/null 2>&1 || continue
			case "$form" in
			*.xz) xz -dc "$tmp/$form" ;;
			*.gz) gzip -dc "$tmp/$form" ;;
			*) cat "$tmp/$form" ;;
			esac
			return
		done
	done
	echo "cohmap: no form of $suite's main/$dir/Packages matches its signed Release" >&2
	return 1
}

# archive_get SUITE POOL-PATH SHA256 OUT: one .deb, checked against the
# sha256 its index gave.
archive_get() {
	echo "cohmap: $(archive_base "$1")/$2" >&2
	curl -fsS -o "$4" "$(archive_base "$1")/$2" || return 1
	echo "$3  $4" | sha256sum -c --quiet - || {
		echo "cohmap: $(basename "$2") does not match its sha256 in $1's index" >&2
		return 1
	}
}
