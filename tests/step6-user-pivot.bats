# step6-user-pivot: a user namespace, pivot_root against chroot.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

setup() {
	# A file that exists on the host only, never in the rootfs.
	marker=$NSLAB_BIN/host-only-$BATS_TEST_NUMBER
	echo "the host's file" >"$marker"
	chmod 644 "$marker"
}

teardown() {
	rm -f "$marker"
}

@test "step6: -U makes an unprivileged user root inside, mapped to itself" {
	requires_unprivileged_userns
	run --separate-stderr unpriv "$STEP6" -U sh -c 'id -u; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	[ "$status" -eq 0 ]
	uid=$(unpriv id -u)
	gid=$(unpriv id -g)
	[ "${lines[0]}" = 0 ]
	[ "$(echo ${lines[1]})" = "0 $uid 1" ]
	[ "$(echo ${lines[2]})" = "0 $gid 1" ]
	[ "${lines[3]}" = deny ]
}

@test "step6: unprivileged with -U, every option of the earlier steps works" {
	requires_unprivileged_userns
	# shellcheck disable=SC2016 # for the jail's shell to expand
	run unpriv "$STEP6" -U -p -m -u box -n -i sh -c \
		'echo $$; echo $(ps -e -o comm=); hostname; ip -o link | wc -l'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1 ]
	[ "${lines[1]}" = "sh ps" ]	# PID 1, and ps: no race with a pipeline's exec
	[ "${lines[2]}" = box ]
	[ "${lines[3]}" = 1 ]
	[ "${#lines[@]}" -eq 4 ]	# and no demo line: step 5's demo speaks only with -v
	[ "$(hostname)" != box ]
}

@test "step6: unprivileged without -U, a namespace is refused: one line, 125" {
	requires_root
	run --separate-stderr unpriv "$STEP6" -m true
	[ "$status" -eq 125 ]
	[ "$stderr" = "$(printf '%s\n%s' 'step6: clone(CLONE_NEWNS|SIGCHLD): Operation not permitted' \
		'hint: new namespaces need root: try sudo, or add -U')" ]
}

@test "step6: -r makes the rootfs the root, with its own /proc, and unmounts the host" {
	requires_unprivileged_userns
	run --separate-stderr unpriv "$STEP6" -U -p -r "$ROOTFS" sh -c \
		'ls /; echo; ps -e -o pid=; echo; cat /proc/self/mountinfo'
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed '/^$/,$d')" = "$(ls "$ROOTFS")" ]
	[ "$(printf '%s\n' "$output" | sed -n '/^ *1$/p')" = "      1" ]
	# Two mounts only: the rootfs as /, and its /proc. No host mount.
	mountpoints=$(printf '%s\n' "$output" | awk '/^[0-9]+ [0-9]+ / {
		for (i = 7; i < NF; i++) if ($i == "-") { print $5, $(i + 1); break } }')
	[ "$mountpoints" = "$(printf '/ %s\n/proc proc' "$(findmnt -no FSTYPE -T "$ROOTFS")")" ]
	[ ! -e "$ROOTFS/proc/1" ]
}

@test "step6: the escape program gets out of a -c (chroot) jail" {
	requires_unprivileged_userns
	run unpriv "$STEP6" -U -c "$ROOTFS" /escape cat "$marker"
	[ "$status" -eq 0 ]
	[ "$output" = "the host's file" ]
}

@test "step6: the escape program stays inside a -r (pivot_root) jail" {
	requires_unprivileged_userns
	run unpriv "$STEP6" -U -r "$ROOTFS" /escape cat "$marker"
	[ "$status" -eq 1 ]
	[ "$output" = "cat: $marker: No such file or directory" ]
	[ -z "$(ls -A "$ROOTFS/tmp")" ]
}

@test "step6: as root too, -c is escaped and -r is not" {
	requires_root
	run "$STEP6" -c "$ROOTFS" /escape cat "$marker"
	[ "$status" -eq 0 ]
	[ "$output" = "the host's file" ]
	run "$STEP6" -p -r "$ROOTFS" /escape cat "$marker"
	[ "$status" -eq 1 ]
	[ "$output" = "cat: $marker: No such file or directory" ]
}

@test "step6: the host's mount table is unchanged, also with a shared /" {
	requires_root
	before=$(mounts)
	run "$STEP6" -p -r "$ROOTFS" true
	[ "$status" -eq 0 ]
	[ "$(mounts)" = "$before" ]
	run unshare -m --propagation shared sh -c "
		before=\$(cat /proc/self/mountinfo)
		'$STEP6' -p -r '$ROOTFS' true 2>/dev/null || exit 2
		[ \"\$before\" = \"\$(cat /proc/self/mountinfo)\" ] && echo same"
	[ "$status" -eq 0 ]
	[ "$output" = same ]
}

@test "step6: -c and -r together, or a missing root, is one line and exit 125" {
	run "$STEP6" -c /a -r /b true
	[ "$status" -eq 125 ]
	[ "$output" = "step6: options -c and -r go alone: one new root" ]
	requires_unprivileged_userns
	run unpriv "$STEP6" -U -r /nonexistent true
	[ "$status" -eq 125 ]
	[ "$output" = 'step6: mount("/nonexistent", "/nonexistent", NULL, MS_BIND|MS_REC): No such file or directory' ]
}

@test "step6: -v narrates the maps and the root switch" {
	requires_unprivileged_userns
	run unpriv sh -c "'$STEP6' -v -U -r '$ROOTFS' true 2>&1 | cat"
	[ "$status" -eq 0 ]
	[[ "$output" == *'[parent] write("/proc/'*'/setgroups", "deny") = 4'* ]]
	[[ "$output" == *'[parent] write("/proc/'*'/uid_map", "0 '"$(unpriv id -u)"' 1")'* ]]
	[[ "$output" == *'[child] pivot_root(".", ".") = 0'* ]]
	[[ "$output" == *'[child] umount2(".", MNT_DETACH) = 0'* ]]
}

@test "step6: the command's exit status passes through, and nothing is printed" {
	requires_unprivileged_userns
	check_exit_status unpriv "$STEP6" -U -m
}

@test "step6: a command killed by a signal gives 128 + its number" {
	requires_unprivileged_userns
	check_signal_status unpriv "$STEP6" -U -m
}

@test "step6: a command not found is 127, with exec's error" {
	requires_unprivileged_userns
	check_not_found_status unpriv "$STEP6" -U -m
}

@test "step6: a command that cannot run is 126, with exec's error" {
	requires_unprivileged_userns
	check_cannot_run_status unpriv "$STEP6" -U -m
}

@test "step6: a bad option is one line and exit 125" {
	check_usage_errors "$STEP6"
}
