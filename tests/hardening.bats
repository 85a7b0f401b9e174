# shellcheck disable=SC2154,SC2030,SC2031 # run sets status, output and lines, in each test
# shellcheck disable=SC2086,SC2012 # $NOBODY is a number; ls lists a rootfs we made
# nsroot, hardened by test: a hostile command inside, faults during set-up,
# stress. Nothing may reach the host, nothing may be left behind.
load helpers

setup() {
	nsroot_setup 910000
	mounts_before=$(mounts)
	rootfs_before=$(cd "$ROOTFS" && find . | sort)
}

teardown() {
	nsroot_teardown
}

# No jail and none of the test's sleeps is running.
nothing_running() {
	tagged_count 0 && ! pgrep -f "^$NSROOT " >/dev/null
}

# Nothing of the test is left: no mount, no process (once the kernel has
# finished killing them), no file in the rootfs.
nothing_left() {
	wait_until nothing_running || true
	pgrep -af "$NSROOT|sleep $nap" || true	# what is left, if anything
	[ -z "$(tagged)" ]
	[ -z "$(pgrep -f "^$NSROOT " || true)" ]
	[ "$(mounts)" = "$mounts_before" ]
	diff <(cd "$ROOTFS" && find . | sort) <(echo "$rootfs_before")
}

@test "hostile: /proc/1/root, /proc/self/fd and the cwd lead nowhere outside" {
	requires_unprivileged_userns
	run sh -c "exec 7</ 8<'$marker'; cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
		'$NSROOT' '$ROOTFS' sh -c 'pwd; ls /proc/1/root/ 2>&1; cat /proc/1/root$marker /proc/self/fd/7$marker /proc/self/fd/8 ./host-only .$marker 2>&1 | wc -l; ls /proc/self/fd/'"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = / ]
	# the init is not dumpable: its root is closed to COMMAND
	[[ "${lines[1]}" == *"/proc/1/root/"*"Permission denied" ]]
	[ "${lines[2]}" = 5 ]	# five errors, no content
	[ "${lines[*]:3}" = "0 1 2 3" ]	# ls's own directory is 3
	[[ "$output" != *"the host's file"* ]]
	nothing_left
}

@test "hostile: host processes can be neither seen nor signalled" {
	requires_unprivileged_userns
	unpriv sleep "$nap" 3>&- &
	wait_until tagged_count 1 || true
	host_pid=$(tagged)
	[ -n "$host_pid" ]
	run jail "$ROOTFS" sh -c "ps -e -o comm= | grep -c sleep; kill -KILL $host_pid; echo kill=\$?; kill -KILL -1; echo all=\$?"
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *"kill=1"* ]]
	kill -0 "$host_pid"
	kill "$host_pid"
	wait || true
	nothing_left
}

@test "hostile: no TIOCSTI into the caller's terminal with --new-session" {
	requires_unprivileged_userns
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ] ||
		skip "this kernel refuses TIOCSTI to everyone (dev.tty.legacy_tiocsti = 0)"
	command -v script >/dev/null || skip "script(1) is missing (apt-get install bsdutils)"
	# the seccomp filter refuses TIOCSTI too (tests/limits.bats): off here
	run script -qec "$(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' --seccomp none '$ROOTFS' /hostile tiocsti x" /dev/null </dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"tiocsti x: done"* ]]	# the terminal shared, as bubblewrap's
	run script -qec "$(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' --seccomp none --new-session '$ROOTFS' /hostile tiocsti x" /dev/null </dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"tiocsti x: Operation not permitted"* ]]
}

@test "hostile: a -t tmpfs without a size is capped at 64m" {
	requires_unprivileged_userns
	run jail -t /tmp "$ROOTFS" sh -c 'head -c 70000000 /dev/zero >/tmp/big; echo status=$?; wc -c </tmp/big'
	[[ "$output" == *"No space left on device"* ]]
	[[ "$output" == *"status=1"* ]]
	[ "${lines[-1]}" -le $((64 * 1024 * 1024)) ]
	nothing_left
}

@test "faults: the fifth of five volumes missing: 125, one line, nothing left" {
	requires_root
	run "$NSROOT" -v /etc:/a/1 -v /etc:/a/2 -v /etc:/a/3 -v /etc:/a/4 -v /nonexistent:/a/5 "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: volume source /nonexistent: No such file or directory" ]
	nothing_left
	run "$NSROOT" -v /etc:/a/1 -v /etc:/a/2 -v /etc:/a/3 -v /etc:/a/4 -v "$marker:/p/x" "$ROOTFS" true
	# /p does not exist: the last DEST is made; a symlink /p -> /proc would be refused
	[ "$status" -eq 0 ]
	nothing_left
}

@test "faults: a rootfs without /proc: 125, one line and a hint that NEWROOT is wrong, nothing left" {
	requires_root
	mkdir -p "$work/root"
	run "$NSROOT" "$work/root" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: /proc in the new root $work/root: No such file or directory
hint: NEWROOT (default: .) must be a root file system, with /proc and /dev in it: is it the right folder? scripts/mkrootfs DIR makes one" ]
	nothing_left
}

@test "faults: ulimit -n 4 and ulimit -u at the current count: 125, one line" {
	requires_unprivileged_userns
	# bats holds fd 3: free it, so that only nsroot's own pipes hit the limit
	run unpriv sh -c "exec 3>&-; ulimit -n 4; exec '$NSROOT' '$ROOTFS' true"
	[ "$status" -eq 125 ]
	# EMFILE, in the words of glibc or of musl (see NSROOT_LIBC in Makefile)
	[[ "$output" =~ ^"nsroot: pipe2(sync): "("Too many open files"|"No file descriptors available")$ ]]
	requires_root
	# the limit is what the user runs now: one more process is too many.
	# (Built with SANITIZE=1, LeakSanitizer would need one more process at
	# exit to look for leaks: it is told not to look, here only.)
	run setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups env ASAN_OPTIONS=detect_leaks=0 \
		bash -c "ulimit -u \$(pgrep -c -u $NOBODY); exec '$NSROOT' '$ROOTFS' true"
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: clone: Resource temporarily unavailable" ]
	nothing_left
}

@test "faults: a read-only NEWROOT where a mount point must be made: 125, nothing left" {
	requires_root
	run unshare -m sh -c "
		mount --bind '$ROOTFS' '$work' && mount -o remount,bind,ro '$work' &&
		'$NSROOT' -v /etc:/newdir '$work' true"
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: volume: mount point /newdir in the new root: Read-only file system" ]
	nothing_left
}

@test "faults: nsroot killed at any moment of the set-up leaves nothing" {
	requires_root
	for delay in 0 0.0005 0.001 0.002 0.003 0.005 0.008 0.012 0.02 0.05 0.1 0.3; do
		"$NSROOT" -n -i -v /etc:/mnt:ro -t /tmp "$ROOTFS" sleep "$nap" >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "$delay"
		kill -KILL "$pid"
		wait "$pid" || true
		echo "delay $delay"
		nothing_left
	done
}

@test "valgrind: a run with volumes, and a failed run: no error, no leak" {
	requires_root
	command -v valgrind >/dev/null || skip "valgrind is missing (apt-get install valgrind)"
	# /evil/x is /tmp/nslab-valgrind-N on the host, NEWROOT's /tmp/... inside
	# nsroot is linked statically; valgrind knows the dynamic glibc best
	vg_nsroot=$BATS_TEST_TMPDIR/nsroot
	# shellcheck disable=SC2046 # the Makefile's list of nsroot's sources, split
	(cd "$NSLAB_REPO" && cc -std=c11 -g -O1 -o "$vg_nsroot" $(make -s --no-print-directory nsroot-srcs))
	ln -s "/../../../../tmp" "$ROOTFS/evil"
	x=nslab-valgrind-$BATS_TEST_NUMBER
	# valgrind knows neither openat2 nor mount_setattr: this also runs the
	# fallbacks for older kernels, symlink in the rootfs included.
	run valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$vg_nsroot" -v "/etc:/evil/$x:ro" -v "$work:/mnt" -t /scratch -r "$ROOTFS" \
		sh -c "cat /tmp/$x/hostname; touch /mnt/ok; touch /x 2>/dev/null || echo ro"
	rm -f "$ROOTFS/evil"
	printf '%s\n' "$output" | grep -v '^--[0-9]*-- ' || true
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -v '^--[0-9]*-- ')" = "$(printf '%s\nro' "$(cat /etc/hostname)")" ]
	[ -e "$work/ok" ]
	[ ! -e "/tmp/$x" ]
	nothing_left	# the mount point made through /evil is gone too
	run valgrind -q --error-exitcode=99 --leak-check=full "$vg_nsroot" -v /nonexistent:/mnt "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$(printf '%s\n' "$output" | grep -v '^--[0-9]*-- ')" = "nsroot: volume source /nonexistent: No such file or directory" ]
}

@test "stress: 100 runs in a row and 20 at once, as root and unprivileged" {
	requires_unprivileged_userns
	NSLAB_STRESS_SERIAL=100 NSLAB_STRESS_PARALLEL=20 run "$NSLAB_REPO/tests/stress" "$NSROOT" "$ROOTFS"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == "stress: "*" runs, all right, nothing left" ]]
}

# On a kernel that seems older (tests/helpers/nosys makes the calls fail
# with ENOSYS): each fallback keeps every promise.
fallback_keeps_promises() {
	local who=$1 calls=$2
	mkdir -p "$work/vol"
	chmod 777 "$work/vol"
	run sh -c "cd '$work'; $([ "$who" = unpriv ] && is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
		'$NOSYS' '$calls' '$NSROOT' -v '$work/vol:/mnt:ro' -t /tmp -r '$ROOTFS' sh -c '
		touch /mnt/x; touch /y; touch /tmp/z && echo tmp ok
		cat /proc/sys/kernel/core_pattern >/proc/sys/kernel/core_pattern'"
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == *"/mnt/x"*"Read-only file system" ]]
	[[ "${lines[1]}" == *"/y"*"Read-only file system" ]]
	[ "${lines[2]}" = "tmp ok" ]
	if [ "$who" = root ]; then
		[[ "${lines[3]}" == *"core_pattern: Read-only file system" ]]
	else
		[[ "${lines[3]}" == *"core_pattern: Permission denied" ]]
	fi
	[ ! -e "$work/vol/x" ]
	nothing_left
}

@test "fallbacks: without mount_setattr (Linux 5.2 to 5.11), :ro, -r and /proc hold" {
	requires_unprivileged_userns
	fallback_keeps_promises unpriv mount_setattr
	! is_root || fallback_keeps_promises root mount_setattr
}

@test "fallbacks: without the new mount API, openat2 and close_range (before 5.2), the same" {
	requires_unprivileged_userns
	calls=open_tree,move_mount,fsopen,fsconfig,fsmount,mount_setattr,openat2,close_range
	fallback_keeps_promises unpriv "$calls"
	! is_root || fallback_keeps_promises root "$calls"
}
