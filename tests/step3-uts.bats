# step3-uts: a UTS namespace and a hostname of its own.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

@test "step3: -u sets the hostname inside, and the host's stays" {
	requires_root
	host=$(hostname)
	run "$STEP3" -p -m -u box hostname
	[ "$status" -eq 0 ]
	[ "$output" = box ]
	[ "$(hostname)" = "$host" ]
	[ "$(cat /proc/sys/kernel/hostname)" = "$host" ]
}

@test "step3: seen from the host, the child is in another UTS namespace" {
	requires_root
	"$STEP3" -u box sleep 10 3>&- &
	parent=$!
	child=$(wait_for_child "$parent")
	[ "$(readlink /proc/"$child"/ns/uts)" != "$(readlink /proc/self/ns/uts)" ]
	kill "$child"
	wait "$parent" || true
}

@test "step3: a hostname the kernel refuses is one line and exit 125" {
	requires_root
	long=$(printf 'x%.0s' $(seq 70))
	run "$STEP3" -u "$long" true
	[ "$status" -eq 125 ]
	[ "$output" = "step3: sethostname(\"$long\"): Invalid argument" ]
}

@test "step3: -u without its argument is one line and exit 125" {
	run "$STEP3" -u
	[ "$status" -eq 125 ]
	[ "$output" = "step3: option -u needs an argument" ]
}

@test "step3: the command's exit status passes through, and nothing is printed" {
	requires_root
	check_exit_status "$STEP3" -u box
}

@test "step3: a command killed by a signal gives 128 + its number" {
	requires_root
	check_signal_status "$STEP3" -u box
}

@test "step3: a command not found is 127, with exec's error" {
	requires_root
	check_not_found_status "$STEP3" -u box
}

@test "step3: a command that cannot run is 126, with exec's error" {
	requires_root
	check_cannot_run_status "$STEP3" -u box
}

@test "step3: a bad option is one line and exit 125" {
	check_usage_errors "$STEP3"
}
