# step5-ipc: an IPC namespace, and the message queue demo.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

teardown() {
	if [ -n "${msqid:-}" ]; then
		ipcrm -q "$msqid" 2>/dev/null || true
	fi
}

@test "step5: without -i the child finds the parent's queue" {
	run "$STEP5" -v true
	[ "$status" -eq 0 ]
	[[ "$(printf '%s\n' "$output" | grep queue)" =~ ^\[child\]\ message\ queue\ /nslab-[0-9]+:\ found$ ]]
}

@test "step5: the demo speaks only with -v" {
	run "$STEP5" true
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "step5: with -i the queue is not found, at once" {
	requires_root
	start=$(date +%s%N)
	run "$STEP5" -v -i true
	elapsed_ms=$((($(date +%s%N) - start) / 1000000))
	[ "$status" -eq 0 ]
	[[ "$(printf '%s\n' "$output" | grep queue)" =~ ^\[child\]\ message\ queue\ /nslab-[0-9]+:\ not\ found$ ]]
	[ "$elapsed_ms" -lt 1000 ]
}

@test "step5: a System V queue made on the host is invisible with -i" {
	requires_root
	msqid=$(ipcmk -Q | sed -n 's/^Message queue id: //p')
	[ -n "$msqid" ]
	run "$STEP5" ipcs -q
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -Eq "^0x[0-9a-f]+ +$msqid "
	run "$STEP5" -i ipcs -q
	[ "$status" -eq 0 ]
	[[ "$output" == *"Message Queues"* ]]
	[ "$(printf '%s\n' "$output" | grep -Ec "^0x[0-9a-f]+ +$msqid ")" -eq 0 ]
}

@test "step5: the demo queue is removed afterwards, whatever happens" {
	requires_root
	# Look at the host's POSIX queues through an mqueue filesystem mounted
	# in a mount namespace of the test's own, so that nothing leaks.
	run unshare -m sh -c "
		mount -t mqueue none '$BATS_TEST_TMPDIR' || exit 9
		'$STEP5' true; echo \"status \$?\"
		'$STEP5' -i true 2>/dev/null; echo \"status \$?\"
		'$STEP5' /nonexistent 2>/dev/null; echo \"status \$?\"
		'$STEP5' -u \$(printf 'x%.0s' \$(seq 70)) true 2>/dev/null; echo \"status \$?\"
		'$STEP5' sh -c 'kill -KILL \$\$' 2>/dev/null; echo \"status \$?\"
		ls -A '$BATS_TEST_TMPDIR'"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "status 0" ]
	[ "${lines[1]}" = "status 0" ]
	[ "${lines[2]}" = "status 127" ]
	[ "${lines[3]}" = "status 125" ]
	[ "${lines[4]}" = "status 137" ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "step5: the command's exit status passes through, and nothing is printed" {
	requires_root
	check_exit_status "$STEP5" -i
}

@test "step5: a command killed by a signal gives 128 + its number" {
	requires_root
	check_signal_status "$STEP5" -i
}

@test "step5: a command not found is 127, with exec's error" {
	requires_root
	check_not_found_status "$STEP5" -i
}

@test "step5: a command that cannot run is 126, with exec's error" {
	requires_root
	check_cannot_run_status "$STEP5" -i
}

@test "step5: a bad option is one line and exit 125" {
	check_usage_errors "$STEP5"
}
