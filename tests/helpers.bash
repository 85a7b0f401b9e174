# Shared by every tests/*.bats file: where the programs are, and the checks
# that several programs share. setup_suite.bash has put the programs in
# $NSLAB_BIN, a folder every user can read.

# shellcheck disable=SC2034 # the paths are for the .bats files
# shellcheck disable=SC2154 # status, output, lines and stderr are set by run
bats_require_minimum_version 1.5.0

# The steps under test: the built ones, or the program that NSLAB_STEPn
# names (make grade points it to a student's lab).
STEP1=${NSLAB_STEP1:-$NSLAB_BIN/step1}
STEP2=${NSLAB_STEP2:-$NSLAB_BIN/step2}
STEP3=${NSLAB_STEP3:-$NSLAB_BIN/step3}
STEP4=${NSLAB_STEP4:-$NSLAB_BIN/step4}
STEP5=${NSLAB_STEP5:-$NSLAB_BIN/step5}
STEP6=${NSLAB_STEP6:-$NSLAB_BIN/step6}
ESCAPE=$NSLAB_BIN/escape
NSROOT=$NSLAB_BIN/nsroot
ROOTFS=$NSLAB_BIN/rootfs
NOSYS=$NSLAB_BIN/nosys
NOBODY=65534

is_root() {
	[ "$(id -u)" -eq 0 ]
}

requires_root() {
	is_root || skip "needs root (run the suite with sudo)"
}

# Root in a user namespace that an ordinary user made (make grade runs the
# steps' tests through unshare -Ur): uid 0 inside, and no other uid mapped.
in_user_namespace() {
	[ "$(tr -s ' ' </proc/self/uid_map)" != " 0 0 4294967295" ]
}

# unpriv CMD...: run CMD as an unprivileged user: uid 65534 when we are
# root, ourselves otherwise. Root of a user namespace made by an ordinary
# user has no uid 65534 to become: CMD runs as uid 0 without capabilities,
# all but CAP_SETFCAP, which an ordinary user does not need to map its own
# uid in a new user namespace but uid 0 does (user_namespaces(7)).
unpriv() {
	if ! is_root; then
		"$@"
	elif in_user_namespace; then
		setpriv --inh-caps=-all --bounding-set=-all,+setfcap -- "$@"
	else
		setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups -- "$@"
	fi
}

# Built with SANITIZE=1: nsroot carries AddressSanitizer's runtime, which
# has needs of its own (stack, memory) that nsroot's code does not.
sanitized() {
	ldd "$NSROOT" 2>/dev/null | grep -q libasan
}

# Skip when this kernel does not let an unprivileged user make a user
# namespace, and say which switch is off.
requires_unprivileged_userns() {
	unpriv unshare -U true 2>/dev/null && return 0
	local why="unprivileged user namespaces are disabled"
	if [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null)" = 0 ]; then
		why="$why (user.max_user_namespaces = 0)"
	elif [ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null)" = 0 ]; then
		why="$why (kernel.unprivileged_userns_clone = 0)"
	elif [ "$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns 2>/dev/null)" = 1 ]; then
		why="$why (kernel.apparmor_restrict_unprivileged_userns = 1)"
	fi
	skip "$why"
}

# The mount table of the test's own mount namespace, to compare.
mounts() {
	cat /proc/self/mountinfo
}

# The exit statuses every program shares, one behaviour a helper, each
# checked through PROGRAM run with OPTION... (a test for each, so that a
# failure names the behaviour).

# check_exit_status PROGRAM [OPTION...]: COMMAND's own status, and quiet.
check_exit_status() {
	run "$@" sh -c 'exit 3'
	[ "$status" -eq 3 ]
	[ -z "$output" ]	# quiet: no narration, no demo, without -v
}

# check_signal_status PROGRAM [OPTION...]: 128+N when COMMAND died of signal N.
check_signal_status() {
	run "$@" sh -c 'kill -TERM $$; sleep 5'
	[ "$status" -eq $((128 + 15)) ]
	[ -z "$output" ]
}

# check_not_found_status PROGRAM [OPTION...]: 127 and exec's error.
check_not_found_status() {
	run -127 "$@" /nonexistent/command
	[ "$status" -eq 127 ]
	[[ "$output" == *"exec /nonexistent/command: No such file or directory"* ]]
}

# check_cannot_run_status PROGRAM [OPTION...]: 126 and exec's error.
check_cannot_run_status() {
	run -126 "$@" /etc
	[ "$status" -eq 126 ]
	[[ "$output" == *"exec /etc: Permission denied"* ]]
}

# check_usage_errors PROGRAM: a bad option is one line and exit 125.
check_usage_errors() {
	run "$1" -Z
	[ "$status" -eq 125 ]
	[ "$output" = "${1##*/}: unknown option -Z (try ${1##*/} -h)" ]

	run "$1" -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: ${1##*/} "* ]]
}

# wait_until COMMAND [ARG]...: run COMMAND every 50 ms until it succeeds,
# for 5 seconds at most. The caller then asserts what it waited for.
wait_until() {
	for _ in $(seq 100); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# wait_for_child PARENT: print the pid of PARENT's first child, once it has
# one (up to 5 seconds).
wait_for_child() {
	local child
	for _ in $(seq 50); do
		child=$(pgrep -P "$1" || true)
		if [ -n "$child" ]; then
			echo "$child"
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# For the nsroot tests: a folder of the test's own that uid 65534 can use
# as a working directory and a volume ($work), a file in it that only the
# host has ($marker), and a sleep that only this test runs ($nap, with a
# base per file), to look for on the host.
nsroot_setup() {
	[ -x "$NSROOT" ] || skip "nsroot is not built"
	work=$NSLAB_BIN/work-$BATS_TEST_NUMBER
	mkdir -p "$work"
	chmod 777 "$work"
	marker=$work/host-only
	echo "the host's file" >"$marker"
	chmod 644 "$marker"
	nap=$(($1 + BATS_TEST_NUMBER))
}

# A failed test may leave a jail running: stop it, and remove the folder.
nsroot_teardown() {
	pkill -KILL -f "^$NSROOT " 2>/dev/null || true
	pkill -KILL -f "^sleep $nap\$" 2>/dev/null || true
	rm -rf "$work"
}

# jail ARG...: nsroot as an unprivileged user, from the test's folder.
jail() {
	(cd "$work" && unpriv "$NSROOT" "$@")
}

# The test's own sleeps, seen from the host.
tagged() {
	pgrep -f "^sleep $nap\$" || true
}

# tagged_count N: are there exactly N of them?
tagged_count() {
	[ "$(tagged | wc -l)" -eq "$1" ]
}
