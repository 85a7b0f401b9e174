# scripts/: copy-with-deps and mkrootfs.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

setup() {
	tree=$BATS_TEST_TMPDIR/tree
	COPY=$NSLAB_REPO/scripts/copy-with-deps
	MKROOTFS=$NSLAB_REPO/scripts/mkrootfs
}

@test "copy-with-deps: a dynamic binary runs in a chroot of what it copied" {
	requires_root
	run "$COPY" ls "$tree"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	interp=$(readelf -l "$(command -v ls)" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	[ -f "$tree$interp" ]
	run chroot "$tree" "$(command -v ls)" /
	[ "$status" -eq 0 ]
}

@test "copy-with-deps: every library ldd lists is copied, as a file, at its path" {
	run "$COPY" /bin/sh "$tree"
	[ "$status" -eq 0 ]
	for lib in $(ldd /bin/sh | grep -o '/[^ ]*'); do
		[ -f "$tree$lib" ]
		[ ! -L "$tree$lib" ]
		cmp "$lib" "$tree$lib"
	done
	# /bin/sh is a link on most hosts: the copy is the file itself.
	[ -f "$tree/bin/sh" ]
	[ ! -L "$tree/bin/sh" ]
	cmp /bin/sh "$tree/bin/sh"
}

@test "copy-with-deps: a static binary is copied alone" {
	run "$COPY" "$ESCAPE" "$tree"
	[ "$status" -eq 0 ]
	[ "$(cd "$tree" && find . -type f)" = ".$ESCAPE" ]
}

@test "copy-with-deps: -n keeps a file that already exists" {
	mkdir -p "$tree/usr/bin"
	echo mine >"$tree/usr/bin/cat"
	run "$COPY" -n /usr/bin/cat "$tree"
	[ "$status" -eq 0 ]
	[ "$(cat "$tree/usr/bin/cat")" = mine ]
	run "$COPY" /usr/bin/cat "$tree"
	[ "$status" -eq 0 ]
	cmp /usr/bin/cat "$tree/usr/bin/cat"
}

@test "copy-with-deps: a missing binary is one line and a non-zero exit" {
	run "$COPY" ls no-such-program "$tree"
	[ "$status" -eq 1 ]
	[ "$output" = "copy-with-deps: no-such-program: not found on PATH" ]
	run "$COPY" /no/such/file "$tree"
	[ "$status" -eq 1 ]
	[ "$output" = "copy-with-deps: /no/such/file: no such file" ]
	run "$COPY" "$tree"
	[ "$status" -eq 2 ]
	[ "$output" = "usage: copy-with-deps [-n] [--with PATH]... BINARY... DIR" ]
}

@test "copy-with-deps: finds programs on PATH, not shell builtins" {
	run "$COPY" echo true "$tree"
	[ "$status" -eq 0 ]
	[ -n "$(find "$tree" -type f -name echo)" ]
	[ -n "$(find "$tree" -type f -name true)" ]
}

@test "mkrootfs: a usable root: a shell and its tools, /etc, empty dirs" {
	requires_root
	run "$MKROOTFS" "$tree"
	[ "$status" -eq 0 ]
	[ "$output" = "mkrootfs: root filesystem ready in $tree" ]
	for d in proc dev sys tmp mnt; do
		[ -d "$tree/$d" ]
		[ -z "$(ls -A "$tree/$d")" ]
	done
	grep -qx 'root:x:0:0:root:/root:/bin/sh' "$tree/etc/passwd"
	grep -qx 'root:x:0:' "$tree/etc/group"
	run chroot "$tree" /bin/sh -c 'id -un; echo hi | cat; ls / | wc -l; hostname >/dev/null && echo ok'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = root ]
	[ "${lines[1]}" = hi ]
	[ "${lines[3]}" = ok ]
	for tool in sh ls cat echo id ps hostname ip mount touch mkdir rm sleep env; do
		chroot "$tree" /bin/sh -c "command -v $tool" >/dev/null
	done
}

@test "mkrootfs: running it twice is harmless" {
	run "$MKROOTFS" "$tree"
	[ "$status" -eq 0 ]
	first=$(cd "$tree" && find . | sort)
	run "$MKROOTFS" "$tree"
	[ "$status" -eq 0 ]
	[ "$(cd "$tree" && find . | sort)" = "$first" ]
}

@test "mkrootfs: no argument is a usage error" {
	run "$MKROOTFS"
	[ "$status" -eq 2 ]
	[ "$output" = "usage: mkrootfs [--debian [--mirror URL] [SUITE]] DIR" ]
}
