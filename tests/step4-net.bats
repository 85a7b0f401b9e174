# step4-net: a network namespace with lo up.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

@test "step4: inside, ip link shows exactly one interface: lo, UP" {
	requires_root
	run "$STEP4" -n ip -o link
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "1: lo: <LOOPBACK,UP,LOWER_UP> "* ]]
}

@test "step4: lo works: a connection to 127.0.0.1 is refused, not unreachable" {
	requires_root
	connect='exec 3<>/dev/tcp/127.0.0.1/1'
	# The control: a new network namespace whose lo is still down.
	run unshare -n bash -c "$connect"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Network is unreachable"* ]]
	run "$STEP4" -n bash -c "$connect"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Connection refused"* ]]
}

@test "step4: the host's interfaces are out of sight" {
	requires_root
	[ "$(grep -c ':' /proc/net/dev)" -gt 1 ] || skip "this host has no interface but lo"
	run "$STEP4" -n cat /proc/net/dev
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c ':')" -eq 1 ]
	[[ "$output" == *" lo: "* ]]
}

@test "step4: -v narrates the ioctls that bring lo up" {
	requires_root
	run sh -c "'$STEP4' -v -n true 2>&1 | cat"
	[ "$status" -eq 0 ]
	[[ "$output" == *'[child] ioctl(SIOCSIFFLAGS, "lo", IFF_UP) = 0'* ]]
}

@test "step4: the command's exit status passes through, and nothing is printed" {
	requires_root
	check_exit_status "$STEP4" -n
}

@test "step4: a command killed by a signal gives 128 + its number" {
	requires_root
	check_signal_status "$STEP4" -n
}

@test "step4: a command not found is 127, with exec's error" {
	requires_root
	check_not_found_status "$STEP4" -n
}

@test "step4: a command that cannot run is 126, with exec's error" {
	requires_root
	check_cannot_run_status "$STEP4" -n
}

@test "step4: a bad option is one line and exit 125" {
	check_usage_errors "$STEP4"
}
