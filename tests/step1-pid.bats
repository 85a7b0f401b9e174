# step1-pid: a PID namespace, exit statuses, narration.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

@test "step1: with -p the command is PID 1" {
	requires_root
	run "$STEP1" -p sh -c 'echo $$'
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
}

@test "step1: without -p the command has the pid the parent got from clone" {
	run "$STEP1" -v sh -c 'echo $$'
	[ "$status" -eq 0 ]
	pid=$(printf '%s\n' "$output" | sed -n 's/^\[parent\] clone(SIGCHLD) = \([0-9]*\)$/\1/p')
	[ -n "$pid" ]
	[ "$pid" != 1 ]
	printf '%s\n' "$output" | grep -qx "$pid"
}

@test "step1: seen from the host, the child is in another PID namespace" {
	requires_root
	"$STEP1" -p sleep 10 3>&- &
	parent=$!
	child=$(wait_for_child "$parent")
	[ "$(readlink /proc/"$child"/ns/pid)" != "$(readlink /proc/self/ns/pid)" ]
	[ "$(readlink /proc/"$parent"/ns/pid)" = "$(readlink /proc/self/ns/pid)" ]
	kill -KILL "$child"
	status=0
	wait "$parent" || status=$?
	[ "$status" -eq $((128 + 9)) ]
}

@test "step1: ps still lists the host's processes: /proc is the host's" {
	requires_root
	run "$STEP1" -p ps -e -o pid=
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -qx " *$$"
	[ "${#lines[@]}" -gt 3 ]
}

@test "step1: the command's exit status passes through, and nothing is printed" {
	check_exit_status "$STEP1"
}

@test "step1: a command killed by a signal gives 128 + its number" {
	check_signal_status "$STEP1"
}

@test "step1: a command not found is 127, with exec's error" {
	check_not_found_status "$STEP1"
}

@test "step1: a command that cannot run is 126, with exec's error" {
	check_cannot_run_status "$STEP1"
}

@test "step1: PID 1 ignores a signal it has no handler for" {
	requires_root
	run "$STEP1" -p sh -c 'kill -TERM $$; echo still here'
	[ "$status" -eq 0 ]
	[ "$output" = "still here" ]
}

@test "step1: a bad option is one line and exit 125; -h shows the usage" {
	check_usage_errors "$STEP1"
	run "$STEP1" -h
	[[ "$output" == *"-p  new PID namespace"* ]]
}

@test "step1: -v narrates both sides, and survives a pipe" {
	requires_root
	run sh -c "'$STEP1' -v -p sh -c 'echo out' 2>&1 | cat"
	[ "$status" -eq 0 ]
	[[ "$output" == *"[parent] clone(CLONE_NEWPID|SIGCHLD) = "[0-9]* ]]
	[[ "$output" == *"[child] getpid() = 1"* ]]
	[[ "$output" == *'[child] execvp("sh", ...)'* ]]
	[[ "$output" == *"[parent] child exit status 0"* ]]
	printf '%s\n' "$output" | grep -qx out
}

@test "step1: options after the command belong to the command" {
	run "$STEP1" sh -c 'echo "$@"' sh -p -v
	[ "$status" -eq 0 ]
	[ "$output" = "-p -v" ]
}

@test "step1: without a command, /bin/sh runs" {
	run sh -c "echo 'echo \$0' | '$STEP1'"
	[ "$status" -eq 0 ]
	[ "$output" = /bin/sh ]
}
