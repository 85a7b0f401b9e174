# nsroot for daily use (issue 18): --volume-try, --dir, --symlink,
# --unsetenv, --cap-add, --json-status-fd, the \: escape, the NEWROOT hint.
# shellcheck disable=SC2154,SC2016 # run sets status, output and lines; $ is the jail's
load helpers

setup() {
	nsroot_setup 940000
	mounts_before=$(mounts)
}

teardown() {
	nsroot_teardown
}

@test "volume-try: a missing SRC is skipped, a present one is bound" {
	requires_unprivileged_userns
	run jail --volume-try "$work/missing:/mnt" "$ROOTFS" ls /mnt
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run jail --volume-try "$work:/mnt:ro" "$ROOTFS" sh -c 'cat /mnt/host-only; touch /mnt/x 2>/dev/null || echo read-only'
	[ "$status" -eq 0 ]
	[ "$output" = "the host's file
read-only" ]
	# only a missing SRC is forgiven: not one that cannot be opened
	mkdir -m 700 "$work/closed" && chown 0 "$work/closed"
	if is_root; then
		run jail --volume-try "$work/closed/x:/mnt" "$ROOTFS" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: volume source $work/closed/x: Permission denied" ]
	fi
}

@test "volume: a colon in a path is written \\:, and a wrong mode names the real cause" {
	requires_unprivileged_userns
	mkdir "$work/a:b"
	echo colon >"$work/a:b/f"
	chmod -R a+rX "$work/a:b"
	run jail -t /tmp -v "${work}/a\\:b:/tmp/c\\:d:ro" "$ROOTFS" cat '/tmp/c:d/f'
	[ "$status" -eq 0 ]
	[ "$output" = colon ]
	spec="$work/a:b:/mnt"
	run "$NSROOT" -v "$spec" "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: volume '${spec:0:32}...': '/mnt' after DEST is not a mode (ro or rw); a colon in a path is written \\:" ]
	run "$NSROOT" -v "/a:/b:rx" "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: volume '/a:/b:rx': 'rx' after DEST is not a mode (ro or rw); a colon in a path is written \\:" ]
}

@test "dir and symlink: made in the new root, in command-line order, and removed afterwards" {
	requires_unprivileged_userns
	cp -a "$ROOTFS" "$work/root"
	chown -R "$(is_root && echo "$NOBODY" || id -u)" "$work/root"
	run jail -t /tmp --dir /tmp/a/b --symlink /tmp/a:/tmp/link --symlink 'x\:y:/made' \
		--dir /new/dir "$work/root" sh -c 'ls -d /tmp/link/b /new/dir; readlink /tmp/link /made'
	[ "$status" -eq 0 ]
	[ "$output" = "/new/dir
/tmp/link/b
/tmp/a
x:y" ]
	[ ! -e "$work/root/new" ]
	[ ! -L "$work/root/made" ]
	[ "$(mounts)" = "$mounts_before" ]
}

@test "dir and symlink: what exists is kept, a different symlink is an error" {
	requires_unprivileged_userns
	run jail --dir /etc --symlink /etc:/tmp "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: symlink /tmp -> /etc: File exists" ]
	run jail -t /tmp --symlink /etc:/tmp/e --symlink /etc:/tmp/e --dir /etc "$ROOTFS" readlink /tmp/e
	[ "$status" -eq 0 ]
	[ "$output" = /etc ]
	# a file there is not a directory
	for dest in /etc/passwd /etc/group; do
		run jail --dir "$dest" "$ROOTFS" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: dir: mount point $dest in the new root: Not a directory" ]
	done
}

@test "dir and symlink: bad input is 125 and one line" {
	run "$NSROOT" --dir /proc/x "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: dir '/proc/x': DEST may not be /, /proc or below" ]
	run "$NSROOT" --dir "" "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: dir '': expected DEST" ]
	for bad in /etc /etc: :/x; do
		run "$NSROOT" --symlink "$bad" "$ROOTFS" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: symlink '$bad': expected TARGET:DEST" ]
	done
	run "$NSROOT" --symlink /etc:/ "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: symlink '/etc:/': DEST may not be /, /proc or below" ]
}

@test "unsetenv: the variable is gone, in order with --setenv" {
	requires_unprivileged_userns
	run env A=1 B=2 "$NSROOT" --unsetenv A --setenv B=3 --unsetenv B --setenv B=4 "$ROOTFS" \
		sh -c 'echo "${A-unset} $B"'
	is_root || [ "$status" -eq 0 ]
	if is_root; then
		run env A=1 B=2 setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups "$NSROOT" \
			--unsetenv A --setenv B=3 --unsetenv B --setenv B=4 "$ROOTFS" sh -c 'echo "${A-unset} $B"'
	fi
	[ "$status" -eq 0 ]
	[ "$output" = "unset 4" ]
	for bad in "" A=1 "$(printf 'N%.0s' $(seq 256))"; do
		run "$NSROOT" --unsetenv "$bad" "$ROOTFS" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: unsetenv '${bad:0:32}$([ ${#bad} -gt 32 ] && echo ...)': expected NAME, 1 to 255 characters, no '='" ]
	done
}

# The capability sets of /proc/self/status, as CapBnd and so on.
capsets='grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb):" /proc/self/status'

@test "cap-add: one capability kept in every set (ambient too), the others dropped" {
	requires_unprivileged_userns
	net_raw=0000000000002000	# 1 << 13
	run jail --cap-add CAP_NET_RAW "$ROOTFS" sh -c "$capsets"
	[ "$status" -eq 0 ]
	[ "$output" = "CapInh:	$net_raw
CapPrm:	$net_raw
CapEff:	$net_raw
CapBnd:	$net_raw
CapAmb:	$net_raw" ]
	# a uid other than 0 inside keeps it across exec: the ambient set
	run jail -M "1000 $(is_root && echo "$NOBODY" || id -u) 1" -G "1000 $(is_root && echo "$NOBODY" || id -g) 1" \
		--cap-add net_raw "$ROOTFS" sh -c "id -u; $capsets | grep Eff"
	[ "$status" -eq 0 ]
	[ "$output" = "1000
CapEff:	$net_raw" ]
	# and it works, as ping needs it: a raw socket in the jail's own
	# network namespace (whose owner is the jail's user namespace)
	run jail -n --cap-add CAP_NET_RAW "$ROOTFS" /probe raw-socket
	[ "$status" -eq 0 ]
	[ "$output" = "raw-socket: done" ]
	run jail -n "$ROOTFS" /probe raw-socket
	[ "$status" -eq 1 ]
	[ "$output" = "raw-socket: Operation not permitted" ]
}

@test "cap-add: bad input is 125 and one line; CAP_SYS_ADMIN with the host's root inside is refused" {
	run "$NSROOT" --cap-add CAP_BOGUS "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: cap-add 'CAP_BOGUS': no such capability (see capabilities(7): CAP_NET_RAW, ...)" ]
	requires_root
	run "$NSROOT" --cap-add sys_admin "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: --cap-add CAP_SYS_ADMIN with the host's root mapped inside would give the jail the host: refused (map root inside to another uid with -M and -G)" ]
}

@test "json-status-fd: the init's pid at the start, the exit status at the end, as bubblewrap writes them" {
	requires_unprivileged_userns
	run sh -c "cd '$work' && $(is_root && echo setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups) '$NSROOT' --json-status-fd 5 '$ROOTFS' sh -c 'ls /proc/self/fd; echo \$\$; exit 3' 5>'$work/status'"
	[ "$status" -eq 3 ]
	[ "${lines[*]:0:4}" = "0 1 2 3" ]
	[ "$(sed -n 2p "$work/status")" = '{ "exit-code": 3 }' ]
	[[ "$(sed -n 1p "$work/status")" =~ ^\{\ \"child-pid\":\ [0-9]+\ \}$ ]]
	[ "$(wc -l <"$work/status")" -eq 2 ]
	run sh -c "'$NSROOT' --json-status-fd 5 '$ROOTFS' sh -c 'kill -9 \$\$' 5>'$work/status'"
	[ "$status" -eq 137 ]
	[ "$(tail -n 1 "$work/status")" = '{ "exit-code": 137 }' ]
}

@test "json-status-fd: the child-pid is the jail's, the one --enter takes" {
	requires_unprivileged_userns
	(cd "$work" && unpriv "$NSROOT" --json-status-fd 5 "$ROOTFS" sleep "$nap" 5>"$work/status") &
	wait_until tagged_count 1 || true
	pid=$(sed -n 's/^{ "child-pid": \([0-9]*\) }$/\1/p' "$work/status")
	[ "$pid" = "$(ps -o ppid= -p "$(tagged)" | tr -d ' ')" ]
	run unpriv "$NSROOT" --enter "$pid" hostname
	[ "$status" -eq 0 ]
	kill "$(ps -o ppid= -p "$pid" | tr -d ' ')"
	wait
	[ "$(tail -n 1 "$work/status")" = '{ "exit-code": 143 }' ]
}

@test "json-status-fd: bad input is 125 and one line" {
	run "$NSROOT" --json-status-fd 9 "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: json-status-fd 9: Bad file descriptor" ]
	run "$NSROOT" --json-status-fd 5 "$ROOTFS" true 5</dev/null
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: json-status-fd 5: not open for writing" ]
	for bad in x -1 5x ""; do
		run "$NSROOT" --json-status-fd "$bad" "$ROOTFS" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: json-status-fd '$bad': expected a file descriptor" ]
	done
}

@test "a NEWROOT without /proc or /dev gets a hint that NEWROOT is wrong" {
	requires_unprivileged_userns
	run jail true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: new root true: No such file or directory" ]
	run jail . true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: /proc in the new root .: No such file or directory
hint: NEWROOT (default: .) must be a root file system, with /proc and /dev in it: is it the right folder? scripts/mkrootfs DIR makes one" ]
	mkdir "$work/proc"
	run jail . true
	[ "$status" -eq 125 ]
	[ "${lines[0]}" = "nsroot: /dev in the new root: No such file or directory" ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(mounts)" = "$mounts_before" ]
}

# complete WORD...: what the installed completion offers for the last word
# of "nsroot WORD...", one a line, sorted.
complete_nsroot() {
	bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_nsroot
		printf "%s\n" "${COMPREPLY[@]}" | sort' complete "$completion" "$NSROOT" "$@"
}

@test "completion: make install puts it in place, and it completes options, their values and --enter's PIDs" {
	requires_unprivileged_userns
	dest=$BATS_TEST_TMPDIR/dest
	run make -s -C "$NSLAB_REPO" install DESTDIR="$dest" PREFIX=/usr/local
	[ "$status" -eq 0 ]
	completion=$dest/usr/local/share/bash-completion/completions/nsroot
	[ -f "$completion" ]
	run complete_nsroot --cap
	[ "$status" -eq 0 ]
	[ "$output" = "--cap-add" ]
	run complete_nsroot --json
	[ "$output" = "--json-status-fd" ]
	# every long option of --help is offered
	[ "$(complete_nsroot -- | grep -c .)" -eq "$("$NSROOT" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u | grep -c .)" ]
	run complete_nsroot --cap-add net_r
	[ "$output" = CAP_NET_RAW ]
	run complete_nsroot --seccomp n
	[ "$output" = none ]
	# after NEWROOT, COMMAND's: command names, no option of nsroot's
	run complete_nsroot -n "$ROOTFS" hostnam
	printf '%s\n' "${lines[@]}" | grep -qx hostname
	run complete_nsroot -v /a:/b "$ROOTFS" --cap
	[ "$output" = "" ]
	# --enter: the PIDs of the caller's jails, as --list shows them
	(cd "$work" && "$NSROOT" "$ROOTFS" sleep "$nap" >/dev/null 2>&1 3>&-) &
	wait_until tagged_count 1 || true
	parent=$(ps -o ppid= -p "$(ps -o ppid= -p "$(tagged)" | tr -d ' ')" | tr -d ' ')
	run complete_nsroot --enter ""
	[ "$status" -eq 0 ]
	printf '%s\n' "${lines[@]}" | grep -qx "$parent"
	run make -s -C "$NSLAB_REPO" uninstall DESTDIR="$dest" PREFIX=/usr/local
	[ "$status" -eq 0 ]
	[ ! -e "$completion" ]
}
