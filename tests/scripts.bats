# scripts/: copy-with-deps and mkrootfs.
# shellcheck disable=SC2016,SC2086,SC2116,SC2154 # sh -c scripts are single-quoted; $(echo $x) squeezes columns on purpose; run sets status, output, lines
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

# on_readonly_host COMMAND [ARG]...: run COMMAND as root in a mount
# namespace of its own where the host's system folders are read-only and
# only the test's scratch folder is writable. A script that tries to write
# over the host fails there ("Read-only file system") and harms nothing, so
# a test tells "refused" from "tried and failed".
on_readonly_host() {
	unshare -m --propagation private sh -c '
		scratch=$1
		shift
		mount --bind "$scratch" "$scratch" || exit 99
		mount -o remount,bind,ro / || exit 99
		findmnt -rn -o TARGET | while read -r m; do
			case "$m" in
			"$scratch" | "$scratch"/*) ;;
			/usr* | /etc* | /bin* | /sbin* | /lib* | /var* | /opt* | /root* | /home* | /boot* | /srv* | /tmp*)
				mount -o remount,bind,ro "$m" || exit 99 ;;
			esac
		done || exit 99
		exec "$@"' sh "$BATS_TEST_TMPDIR" "$@"
}

# The Debian root is built once, by setup_suite or here, and kept in
# build/debian between runs (git ignores build/).
debian_root() {
	requires_root
	command -v mmdebstrap >/dev/null || command -v debootstrap >/dev/null ||
		skip "neither mmdebstrap nor debootstrap (scripts/install-deps test)"
	run "$MKROOTFS" --debian "$NSLAB_REPO/build/debian"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" =~ ^mkrootfs:\ Debian\ [a-z]+\ root\ filesystem\ ready\ in\ $NSLAB_REPO/build/debian$ ]]
	DEBIAN=$NSLAB_REPO/build/debian
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
@test "copy-with-deps, mkrootfs: -h and --help print the usage and exit 0" {
	for script in "$COPY" "$MKROOTFS"; do
		for opt in -h --help; do
			run "$script" "$opt"
			[ "$status" -eq 0 ]
			[[ "${lines[0]}" == "usage: ${script##*/} "* ]]
			[[ "$output" == *"Exit status:"* ]]
		done
	done
	[ ! -e ./--help ]
	[ ! -e ./-h ]
}

@test "the read-only host of these tests stops a write, and lets the scratch folder be written" {
	requires_root
	run on_readonly_host sh -c 'touch /usr/bin/nslab-probe; echo "touch: $?"; touch "$1/probe" && echo scratch ok' sh "$BATS_TEST_TMPDIR"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "touch: cannot touch '/usr/bin/nslab-probe': Read-only file system" ]
	[ "${lines[1]}" = "touch: 1" ]
	[ "${lines[2]}" = "scratch ok" ]
	[ ! -e /usr/bin/nslab-probe ]
}

@test "copy-with-deps, mkrootfs: / in every spelling is refused before any write" {
	requires_root
	ln -s / "$BATS_TEST_TMPDIR/to-root"
	ln -s ../../../../../../../../.. "$BATS_TEST_TMPDIR/up-to-root"
	before=$(stat -c '%i %Y %h' /usr/bin/ls /etc/passwd /etc/group)
	for dir in / // /./ /usr/.. /usr/bin/../../ "$BATS_TEST_TMPDIR/to-root" "$BATS_TEST_TMPDIR/up-to-root/"; do
		run on_readonly_host "$COPY" ls "$dir"
		[ "$status" -eq 2 ]
		[ "$output" = "copy-with-deps: $dir: DIR is / (the host's own root), refusing to write into it" ]
		run on_readonly_host "$MKROOTFS" "$dir"
		[ "$status" -eq 2 ]
		[ "$output" = "mkrootfs: $dir: DIR is / (the host's own root), refusing to write into it" ]
	done
	[ "$(stat -c '%i %Y %h' /usr/bin/ls /etc/passwd /etc/group)" = "$before" ]
}

@test "copy-with-deps, mkrootfs: a DIR with the host's own folders mounted in it is refused" {
	requires_root
	mkdir -p "$tree/usr" "$BATS_TEST_TMPDIR/host"
	# The host's /usr bound below DIR; the host's / bound as DIR itself.
	run on_readonly_host sh -c 'mount --bind /usr "$1/usr" && exec "$2" ls "$1"' sh "$tree" "$COPY"
	[ "$status" -eq 2 ]
	[ "$output" = "copy-with-deps: $tree: $tree/usr is a mount point inside DIR; writes there would land outside DIR" ]
	run on_readonly_host sh -c 'mount --bind /usr "$1/usr" && exec "$2" "$1"' sh "$tree" "$MKROOTFS"
	[ "$status" -eq 2 ]
	[ "$output" = "mkrootfs: $tree: $tree/usr is a mount point inside DIR; writes there would land outside DIR" ]
	run on_readonly_host sh -c 'mount --bind / "$1" && exec "$2" ls "$1"' sh "$BATS_TEST_TMPDIR/host" "$COPY"
	[ "$status" -eq 2 ]
	[ "$output" = "copy-with-deps: $BATS_TEST_TMPDIR/host: DIR is / (the host's own root), refusing to write into it" ]
	[ -z "$(ls -A "$tree/usr")" ]
}

@test "copy-with-deps: links in DIR are followed inside DIR, never to the host's files" {
	requires_root
	mkdir -p "$tree/usr/lib" "$tree/usr/lib64"
	# What a rootfs unpacked from elsewhere may hold: absolute links, and
	# a relative one that climbs above DIR.
	ln -s /usr/lib "$tree/lib"
	ln -s ../../../../../../../../../usr/lib64 "$tree/lib64"
	ln -s /bin "$tree/usr/bin"
	run on_readonly_host "$COPY" /usr/bin/ls "$tree"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	for lib in $(ldd /usr/bin/ls | grep -o '/[^ ]*'); do
		[ -f "$tree/usr${lib#/usr}" ]
		cmp "$lib" "$tree/usr${lib#/usr}"
	done
	[ -f "$tree/bin/ls" ]
	[ -L "$tree/lib" ] && [ -L "$tree/lib64" ] && [ -L "$tree/usr/bin" ]
	run chroot "$tree" /usr/bin/ls /usr
	[ "$status" -eq 0 ]
	[ "$(echo $output)" = "bin lib lib64" ]
}

@test "copy-with-deps: a link loop in DIR is an error, and nothing is written" {
	requires_root
	mkdir -p "$tree"
	ln -s /lib "$tree/lib"	# inside DIR, /lib is this link itself
	run on_readonly_host "$COPY" /usr/bin/ls "$tree"
	[ "$status" -eq 1 ]
	[[ "$output" == "copy-with-deps: $tree/lib: too many levels of symbolic links" ]]
	[ "$(cd "$tree" && find . | sort | tr '\n' ' ')" = ". ./lib " ]
}

@test "mkrootfs: its own files follow DIR's links inside DIR, and the host's /etc is untouched" {
	requires_root
	mkdir -p "$tree/private/etc" "$tree/var/tmp"
	ln -s /private/etc "$tree/etc"
	ln -s /var/tmp "$tree/tmp"
	before=$(stat -c '%i %Y %a' /etc/passwd /etc/group; stat -c '%i %a' /tmp)
	run on_readonly_host "$MKROOTFS" "$tree"
	[ "$status" -eq 0 ]
	[ "$output" = "mkrootfs: root filesystem ready in $tree" ]
	grep -qx 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' "$tree/private/etc/passwd"
	grep -qx 'nogroup:x:65534:' "$tree/private/etc/group"
	[ "$(stat -c %a "$tree/var/tmp")" = 1777 ]
	[ -L "$tree/etc" ] && [ -L "$tree/tmp" ]
	[ "$(stat -c '%i %Y %a' /etc/passwd /etc/group; stat -c '%i %a' /tmp)" = "$before" ]
}

@test "copy-with-deps: a script gets its interpreter, with a warning about its modules" {
	requires_root
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	printf '#!/usr/bin/env bash\necho "bash $BASH_VERSINFO"\n' >"$BATS_TEST_TMPDIR/bin/hello"
	chmod 755 "$BATS_TEST_TMPDIR/bin/hello"
	run env PATH=/usr/bin:/bin "$COPY" "$BATS_TEST_TMPDIR/bin/hello" "$tree"
	[ "$status" -eq 0 ]
	[ "$output" = "copy-with-deps: warning: $BATS_TEST_TMPDIR/bin/hello is a script: copied its interpreter /usr/bin/bash, not the modules the script loads (add them with --with PATH)" ]
	run chroot "$tree" "$BATS_TEST_TMPDIR/bin/hello"
	[ "$status" -eq 0 ]
	[ "$output" = "bash ${BASH_VERSINFO[0]}" ]
}

@test "copy-with-deps: iconv gets the gconv modules it loads at run time, and says so" {
	requires_root
	libc=$(readlink -f "$(ldd "$(command -v iconv)" | grep -o '/[^ ]*/libc\.so[^ ]*')")
	run "$COPY" iconv "$tree"
	[ "$status" -eq 0 ]
	[ "$output" = "copy-with-deps: $(command -v iconv) loads gconv modules at run time, which ldd does not list: copying ${libc%/*}/gconv too" ]
	printf '\351t\351\n' >"$tree/latin9"
	run chroot "$tree" "$(command -v iconv)" -f ISO-8859-15 -t UTF-8 /latin9
	[ "$status" -eq 0 ]
	[ "$output" = "été" ]
}

@test "copy-with-deps: python3 gets its standard library; gcc is copied with a warning" {
	requires_root
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3 on this host"
	run "$COPY" /usr/bin/python3 "$tree"
	[ "$status" -eq 0 ]
	[[ "$output" == "copy-with-deps: /usr/bin/python3 loads its standard library at run time, which ldd does not list: copying /usr/lib/python3."*" too" ]]
	run chroot "$tree" /usr/bin/python3 -c 'import json, ssl; print(json.dumps({"ok": 1}))'
	[ "$status" -eq 0 ]
	[ "$output" = '{"ok": 1}' ]
	run "$COPY" /usr/bin/gcc "$tree"
	[ "$status" -eq 0 ]
	[ "$output" = "copy-with-deps: warning: /usr/bin/gcc does not work alone: it runs cc1, as and ld and reads headers at run time; for a compiler use 'mkrootfs --debian DIR'" ]
}

@test "copy-with-deps: --with adds files and folders, with the libraries of their ELF files" {
	mkdir -p "$BATS_TEST_TMPDIR/extra/sub"
	echo data >"$BATS_TEST_TMPDIR/extra/sub/file.txt"
	gconv=$(dirname "$(readlink -f "$(ldd /bin/true | grep -o '/[^ ]*/libc\.so[^ ]*')")")/gconv
	cp "$gconv/ISO8859-15.so" "$BATS_TEST_TMPDIR/extra/sub/plugin.so"
	run "$COPY" --with "$BATS_TEST_TMPDIR/extra" --with /etc/hostname /bin/true "$tree"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	cmp "$BATS_TEST_TMPDIR/extra/sub/file.txt" "$tree$BATS_TEST_TMPDIR/extra/sub/file.txt"
	cmp /etc/hostname "$tree/etc/hostname"
	for lib in $(ldd "$BATS_TEST_TMPDIR/extra/sub/plugin.so" | grep -o '/[^ ]*'); do
		[ -f "$tree$lib" ]
	done
	run "$COPY" --with /no/such/thing /bin/true "$tree"
	[ "$status" -eq 1 ]
	[ "$output" = "copy-with-deps: /no/such/thing: no such file" ]
}

@test "mkrootfs --debian: gcc, python3 and apt work inside nsroot, as an ordinary user" {
	debian_root
	nsroot_setup 0
	printf '#include <stdio.h>\nint main(void) { printf("%%d\\n", 6 * 7); return 0; }\n' >"$work/answer.c"
	chmod 644 "$work/answer.c"
	# The repository may be where uid 65534 cannot go (/root): the root
	# is bound to a folder it can, in a mount namespace of the test's own.
	mkdir -p "$work/root"
	run unshare -m --propagation private sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh \
		"$DEBIAN" "$work/root" setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups \
		"$NSROOT" -v "$work:/mnt:rw" -w /mnt "$work/root" sh -c \
		'gcc -std=c11 -Wall -Werror -o answer answer.c && ./answer &&
		 python3 -c "import json; print(json.dumps([1, 2]))" && apt-get --version | head -n 1 &&
		 dpkg-query -W -f "\${Status}\n" gcc'
	nsroot_teardown
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 42 ]
	[ "${lines[1]}" = "[1, 2]" ]
	[[ "${lines[2]}" == "apt "* ]]
	[ "${lines[3]}" = "install ok installed" ]
}

@test "mkrootfs --debian: from the archive the host uses, and kept when built already" {
	debian_root
	mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print ($2 ~ /^\[/ ? $3 : $2); exit }' /etc/apt/sources.list)
	grep -q "^deb $mirror " "$DEBIAN/etc/apt/sources.list"
	run "$MKROOTFS" --debian "$DEBIAN"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "mkrootfs: $DEBIAN already holds this build, kept (remove it to build again)" ]
}

@test "mkrootfs --debian: a DIR it did not build is refused, and without root a clear fix" {
	mkdir -p "$tree"
	echo mine >"$tree/file"
	run "$MKROOTFS" --debian "$tree"
	[ "$status" -eq 1 ]
	[[ "$output" == "mkrootfs: $tree: not empty, and not a Debian "*" root built by mkrootfs: remove it or name another DIR" ]]
	[ "$(ls -A "$tree")" = file ]
	requires_root
	! grep -q '^nobody:' /etc/subuid 2>/dev/null || skip "nobody has subordinate uids here"
	command -v mmdebstrap >/dev/null || skip "no mmdebstrap (scripts/install-deps test)"
	run unpriv "$MKROOTFS" --debian "$BATS_TEST_TMPDIR/debian"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "mkrootfs: --debian without root needs newuidmap and a range for nobody in /etc/subuid and /etc/subgid" ]
	[[ "${lines[1]}" == "hint: as root: apt-get install uidmap; usermod --add-subuids "* ]]
	[ ! -e "$BATS_TEST_TMPDIR/debian" ]
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
