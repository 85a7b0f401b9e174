# scripts/: copy-with-deps and mkrootfs.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

setup() {
	tree=$BATS_TEST_TMPDIR/tree
	COPY=$NSLAB_REPO/scripts/copy-with-deps
	MKROOTFS=$NSLAB_REPO/scripts/mkrootfs
	# a folder uid 65534 can read, for the tests that fake a machine
	fake=$NSLAB_BIN/fake-$BATS_TEST_NUMBER
}

teardown() {
	rm -rf "$fake"
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
	[ "$output" = "usage: copy-with-deps [-n] BINARY... DIR" ]
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
	[ "$output" = "usage: mkrootfs DIR" ]
}

# fake_path DIR COMMAND...: DIR holds links to these commands of the host,
# and nothing else, as a PATH for a machine that lacks the rest.
fake_path() {
	local dir=$1 cmd
	shift
	mkdir -p "$dir"
	chmod 755 "$dir"
	for cmd in "$@"; do
		ln -s "$(command -v "$cmd")" "$dir/$cmd"
	done
}

@test "install-deps: demo asks only for what the demo runs, test for clang's runtime too" {
	fake_path "$fake/bin" id cut
	run unpriv env -i PATH="$fake/bin" "$NSLAB_REPO/scripts/install-deps" demo
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "install-deps: missing: gcc make libc-bin musl-tools iproute2 procps util-linux hostname ncurses-bin libc6-dev" ]
	[ "${lines[1]}" = "install-deps: install them, e.g.: sudo apt-get install gcc make libc-bin musl-tools iproute2 procps util-linux hostname ncurses-bin libc6-dev" ]
	run unpriv env -i PATH="$fake/bin" "$NSLAB_REPO/scripts/install-deps" test
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == *" valgrind clang "* ]]
	run "$NSLAB_REPO/scripts/install-deps" nonsense
	[ "$status" -eq 2 ]
	[ "$output" = "usage: install-deps [build|demo|test|lint|fuzz]" ]
}

@test "install-deps: a clang without its runtime is not enough" {
	# A clang whose runtime folder is empty, next to the host's tools.
	mkdir -p "$fake/bin" "$fake/rt"
	chmod 755 "$fake" "$fake/bin" "$fake/rt"
	cat >"$fake/bin/clang" <<SH
#!/bin/sh
case "\$1" in
-print-runtime-dir) echo "$fake/rt" ;;
-dumpversion) echo 17.0.6 ;;
esac
SH
	chmod 755 "$fake/bin/clang"
	run unpriv env PATH="$fake/bin:$PATH" "$NSLAB_REPO/scripts/install-deps" fuzz
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "install-deps: missing: libclang-rt-17-dev" ]
	touch "$fake/rt/libclang_rt.fuzzer-x86_64.a"
	run unpriv env PATH="$fake/bin:$PATH" "$NSLAB_REPO/scripts/install-deps" fuzz
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "demo: a plain user is told to use sudo" {
	run unpriv "$NSLAB_REPO/scripts/demo"
	[ "$status" -eq 1 ]
	[ "$output" = "demo: steps 1 to 5 need root: run 'sudo make demo'" ]
}

@test "fresh-check: bad arguments are a usage error, before anything is built" {
	run "$NSLAB_REPO/scripts/fresh-check" -x
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "fresh-check: unknown option -x" ]
	[ "${lines[1]}" = "usage: fresh-check [-k] [SUITE]" ]
	run "$NSLAB_REPO/scripts/fresh-check" bookworm trixie
	[ "$status" -eq 2 ]
	[ "$output" = "usage: fresh-check [-k] [SUITE]" ]
	run "$NSLAB_REPO/scripts/fresh-check" '../etc'
	[ "$status" -eq 2 ]
	[ "$output" = "fresh-check: suite '../etc': not a Debian suite name" ]
	run "$NSLAB_REPO/scripts/fresh-check" --help
	[ "$status" -eq 0 ]
	[ "$output" = "usage: fresh-check [-k] [SUITE]" ]
	run unpriv "$NSLAB_REPO/scripts/fresh-check" bookworm
	[ "$status" -eq 3 ]
	[ "$output" = "fresh-check: needs root (sudo make fresh-check)" ]
}
