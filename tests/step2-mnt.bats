# step2-mnt: a mount namespace, made private, and a fresh /proc.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

@test "step2: with -p -m, ps sees only the namespace's processes" {
	requires_root
	run "$STEP2" -p -m ps -e -o pid=,comm=
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | tr -s ' ')" = " 1 ps" ]
}

@test "step2: the host's mount table is the same before, during and after" {
	requires_root
	before=$(mounts)
	"$STEP2" -p -m sh -c "touch '$BATS_TEST_TMPDIR/ready'; while [ ! -e '$BATS_TEST_TMPDIR/go' ]; do sleep 0.05; done" 3>&- &
	wait_until test -e "$BATS_TEST_TMPDIR/ready" || true
	[ -e "$BATS_TEST_TMPDIR/ready" ]
	during=$(mounts)
	touch "$BATS_TEST_TMPDIR/go"
	wait $!
	after=$(mounts)
	[ "$during" = "$before" ]
	[ "$after" = "$before" ]
}

@test "step2: on a host whose / is shared, nothing propagates back" {
	requires_root
	run unshare -m --propagation shared sh -c "
		findmnt -no PROPAGATION / | grep -qx shared || { echo 'not shared'; exit 1; }
		before=\$(cat /proc/self/mountinfo)
		'$STEP2' -p -m ps -e -o pid= || exit 2
		after=\$(cat /proc/self/mountinfo)
		[ \"\$before\" = \"\$after\" ] || { echo 'mount table changed'; exit 1; }
		ps -e -o pid= | wc -l"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "      1" ]
	[ "${lines[1]}" -gt 3 ]
}

@test "step2: inside, / is private" {
	requires_root
	run "$STEP2" -m findmnt -no PROPAGATION /
	[ "$status" -eq 0 ]
	[ "$output" = private ]
}

@test "step2: -m alone keeps the host's /proc" {
	requires_root
	run "$STEP2" -m ps -e -o pid=
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx " *$$"
}

@test "step2: the command's exit status passes through, and nothing is printed" {
	requires_root
	check_exit_status "$STEP2" -m
}

@test "step2: a command killed by a signal gives 128 + its number" {
	requires_root
	check_signal_status "$STEP2" -m
}

@test "step2: a command not found is 127, with exec's error" {
	requires_root
	check_not_found_status "$STEP2" -m
}

@test "step2: a command that cannot run is 126, with exec's error" {
	requires_root
	check_cannot_run_status "$STEP2" -m
}

@test "step2: a bad option is one line and exit 125" {
	check_usage_errors "$STEP2"
}

@test "step2: without privilege, -m fails with one line and exit 125" {
	requires_root
	run unpriv "$STEP2" -m true
	[ "$status" -eq 125 ]
	[ "$output" = "$(printf '%s\n%s' 'step2: clone(CLONE_NEWNS|SIGCHLD): Operation not permitted' \
		'hint: new namespaces need root: try sudo (lesson 6 does without)')" ]
}
