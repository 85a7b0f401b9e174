# nsroot --enter PID and --list (issue 18): into a running jail, as
# docker exec does, with the jail's own namespaces and restrictions.
# shellcheck disable=SC2154,SC2016 # run sets status, output and lines; $ is the jail's
load helpers

setup() {
	nsroot_setup 930000
}

teardown() {
	nsroot_teardown
}

# start_jail RUNNER [OPTION]...: a jail (RUNNER: jail for uid 65534, or
# as_root) that runs `sleep $nap`, in the background; once it runs, $sleep
# is that sleep's pid on the host, $init the jail's init, $parent nsroot.
start_jail() {
	local runner=$1
	shift
	"$runner" "$@" "$ROOTFS" sleep "$nap" >/dev/null 2>&1 3>&- &
	wait_until tagged_count 1 || true
	sleep=$(tagged)
	[ -n "$sleep" ]
	init=$(ps -o ppid= -p "$sleep" | tr -d ' ')
	parent=$(ps -o ppid= -p "$init" | tr -d ' ')
	[ "$(ps -o comm= -p "$parent")" = nsroot ]
}

as_root() {
	(cd "$work" && "$NSROOT" "$@")
}

# The namespaces of a process, as links, one a line.
namespaces_of() {
	for ns in user mnt pid uts ipc net cgroup; do
		readlink "/proc/$1/ns/$ns"
	done
}

# What /proc/PID/status says of its restrictions.
restrictions_of() {
	grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' "/proc/$1/status"
}

@test "enter: the entered command is in every namespace of the jail, unprivileged" {
	requires_unprivileged_userns
	start_jail jail -n -i -H box
	run unpriv "$NSROOT" --enter "$parent" sh -c \
		'hostname; for ns in user mnt pid uts ipc net cgroup; do readlink /proc/self/ns/$ns; done'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = box ]
	[ "$(printf '%s\n' "${lines[@]:1}")" = "$(unpriv sh -c "$(declare -f namespaces_of); namespaces_of $sleep")" ]
}

@test "enter: a caller that ignores SIGCHLD: --enter still sees the command end, with its status" {
	requires_unprivileged_userns
	start_jail jail
	# bash's trap '' passes SIG_IGN through exec: the kernel would reap
	# the entered command itself, and --enter wait for it forever
	run unpriv timeout -s KILL 10 "$BASH" -c "trap '' CHLD; exec '$NSROOT' --enter '$parent' sh -c 'echo entered; exit 3'"
	[ "$status" -eq 3 ]
	[ "$output" = entered ]
}

# An entered command that stopped itself, sent signal $1 through --enter
# (without a terminal: setsid), must end with status $2, as --enter
# continues it after the signal.
stopped_entered_command_ends_on() {
	(exec $(is_root && echo setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups) \
		setsid "$NSROOT" --enter "$parent" sh -c 'kill -STOP $$; echo continued' \
		>"$work/log" 2>&1 3>&-) &
	pid=$!
	sleep 0.5	# until it has stopped
	kill -"$1" "$pid"
	status=0
	timeout 10 tail --pid="$pid" -f /dev/null || kill -KILL "$pid"
	wait "$pid" || status=$?
	[ "$status" -eq "$2" ]
	[ ! -s "$work/log" ]
}

@test "enter: an entered command that stopped itself still ends on SIGTERM to --enter" {
	requires_unprivileged_userns
	start_jail jail
	stopped_entered_command_ends_on TERM 143
}

@test "enter: an entered command that was stopped still ends on SIGINT to --enter, Ctrl-C's only way to it" {
	requires_unprivileged_userns
	start_jail jail
	# The entered command has no terminal: Ctrl-C reaches only --enter,
	# which forwards it; a stopped command (the jail may stop it) holds a
	# SIGINT until continued, as it does SIGTERM (timeout(1) continues it
	# after SIGINT too)
	stopped_entered_command_ends_on INT 130
}

@test "enter: as root, into a jail root started, by the init's PID too" {
	requires_root
	start_jail as_root -n -H rootbox
	for target in "$parent" "$init"; do
		run "$NSROOT" --enter "$target" sh -c \
			'hostname; for ns in user mnt pid uts ipc net cgroup; do readlink /proc/self/ns/$ns; done'
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = rootbox ]
		[ "$(printf '%s\n' "${lines[@]:1}")" = "$(namespaces_of "$sleep")" ]
	done
}

@test "enter: a jail with --as-pid-1 (its init is COMMAND), and one that maps the caller to uid 1000" {
	requires_unprivileged_userns
	me=$(is_root && echo "$NOBODY" || id -u)
	my_gid=$(is_root && echo "$NOBODY" || id -g)
	(cd "$work" && unpriv "$NSROOT" --as-pid-1 -H p1 "$ROOTFS" sleep "$nap" >/dev/null 2>&1 3>&-) &
	wait_until tagged_count 1 || true
	run unpriv "$NSROOT" --enter "$(tagged)" sh -c 'hostname; ps -e -o comm='
	[ "$status" -eq 0 ]
	[ "$output" = "p1
sleep
sh
ps" ]
	# sleep as PID 1 ignores SIGTERM: the jail ends with its nsroot
	kill -KILL "$(ps -o ppid= -p "$(tagged)" | tr -d ' ')"
	wait_until tagged_count 0 || true
	[ -z "$(tagged)" ]
	start_jail jail -M "1000 $me 1" -G "1000 $my_gid 1"
	run unpriv "$NSROOT" --enter "$parent" id -u
	[ "$status" -eq 0 ]
	[ "$output" = 1000 ]
}

@test "enter: the jail's root and working directory, not the host's" {
	requires_unprivileged_userns
	start_jail jail -w /tmp
	run unpriv "$NSROOT" --enter "$parent" sh -c 'pwd; ls /; test -e "$1" || echo no host file' sh "$marker"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = /tmp ]
	[ "$(printf '%s\n' "${lines[@]:1:$((${#lines[@]} - 2))}")" = "$(ls "$ROOTFS")" ]
	[ "${lines[-1]}" = "no host file" ]
}

@test "enter: the same restrictions as the jail's command: capabilities, no_new_privs, seccomp" {
	requires_unprivileged_userns
	start_jail jail
	run unpriv "$NSROOT" --enter "$parent" grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status
	[ "$status" -eq 0 ]
	[ "$output" = "$(restrictions_of "$sleep")" ]
	[[ "$output" == *"NoNewPrivs:	1"* ]]
	[[ "$output" == *"Seccomp:	2"* ]]
	[[ "$output" == *"CapEff:	0000000000000000"* ]]
}

@test "enter: the jail's --seccomp-deny and --rlimit hold for the entered command too" {
	requires_unprivileged_userns
	start_jail jail --seccomp-deny uname --rlimit nofile=64
	run unpriv "$NSROOT" --enter "$parent" sh -c 'ulimit -n; uname; echo uname: $?'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 64 ]
	[ "${lines[-1]}" = "uname: 1" ]
	[ "$(grep 'Max open files' "/proc/$sleep/limits" | tr -s ' ' | cut -d' ' -f4)" = 64 ]
}

@test "enter: the entered command joins the jail's cgroup" {
	requires_root
	grep -qw pids /proc/self/cgroup || grep -qw pids /sys/fs/cgroup/cgroup.controllers 2>/dev/null ||
		skip "this host has no pids cgroup controller"
	start_jail as_root --pids-max 50
	run "$NSROOT" --enter "$parent" cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[[ "$output" == *":pids:/"* ]]
	[[ "$(grep pids "/proc/$sleep/cgroup")" == *"/nsroot-$parent" ]]
	# seen from the host: the entered sleep is where the jail's sleep is
	"$NSROOT" --enter "$parent" sh -c "sleep $nap" &
	wait_until tagged_count 2 || true
	for pid in $(tagged); do grep pids "/proc/$pid/cgroup"; done | sort -u >"$work/cgroups"
	[ "$(wc -l <"$work/cgroups")" -eq 1 ]
	kill "$parent"
	wait_until tagged_count 0 || true
	[ -z "$(tagged)" ]
}

@test "enter: no descriptor of the caller beyond 0, 1 and 2 reaches the entered command" {
	requires_unprivileged_userns
	start_jail jail
	run sh -c "exec 7</etc/hostname 9>&2; $(is_root && echo setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups) '$NSROOT' --enter $parent sh -c 'ls /proc/\$\$/fd'"
	[ "$status" -eq 0 ]
	[ "$output" = "0
1
2" ]
}

@test "enter: the exit status is the entered command's: its own, 127, 126, 128+N" {
	requires_unprivileged_userns
	start_jail jail
	run unpriv "$NSROOT" --enter "$parent" sh -c 'exit 7'
	[ "$status" -eq 7 ]
	[ "$output" = "" ]
	run -127 unpriv "$NSROOT" --enter "$parent" /no-such-command
	[ "$status" -eq 127 ]
	[ "$output" = "nsroot: exec /no-such-command: No such file or directory" ]
	run unpriv "$NSROOT" --enter "$parent" /etc/passwd
	[ "$status" -eq 126 ]
	[ "$output" = "nsroot: exec /etc/passwd: Permission denied" ]
	run unpriv "$NSROOT" --enter "$parent" sh -c 'kill -KILL $$'
	[ "$status" -eq 137 ]
}

@test "enter: signals sent to nsroot --enter are forwarded to the entered command" {
	requires_unprivileged_userns
	start_jail jail -v "$work:/mnt"
	unpriv "$NSROOT" --enter "$parent" sh -c \
		"trap 'echo got TERM >/mnt/out; exit 42' TERM; touch /mnt/ready; while :; do sleep 0.05; done" &
	entering=$!
	wait_until test -e "$work/ready" || true
	# the background job is a subshell that runs unpriv: signal nsroot
	kill -TERM "$(wait_for_child "$entering")"
	status=0
	wait "$entering" || status=$?
	[ "$status" -eq 42 ]
	[ "$(cat "$work/out")" = "got TERM" ]
}

@test "enter: when the jail ends while an entered shell runs, nothing is left" {
	requires_unprivileged_userns
	start_jail jail
	unpriv "$NSROOT" --enter "$parent" sh -c "sleep $nap; echo not reached" >"$work/entered" 2>&1 &
	entering=$!
	wait_until tagged_count 2 || true
	[ "$(tagged | wc -l)" -eq 2 ]
	kill -KILL "$parent"
	status=0
	wait "$entering" || status=$?
	[ "$status" -eq 137 ]
	[ "$(cat "$work/entered")" = "" ]
	wait_until tagged_count 0 || true
	[ -z "$(tagged)" ]
	run ! kill -0 "$entering"
}

@test "enter: refused for another user's jail, 125 and one line" {
	requires_root
	requires_unprivileged_userns
	start_jail jail
	run setpriv --reuid=65533 --regid=65533 --clear-groups "$NSROOT" --enter "$parent" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: enter $parent: not yours (only the user who started a jail, or root, may enter it)" ]
}

@test "enter: refused for a PID that is not an nsroot jail, even one of the jail's own" {
	requires_unprivileged_userns
	start_jail jail
	for pid in $$ "$sleep" 1; do
		run "$NSROOT" --enter "$pid" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: enter $pid: not an nsroot jail (neither this nsroot's process nor its init)" ]
	done
	run "$NSROOT" --enter 4194304 true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: enter 4194304: no such process" ]
}

@test "enter: a copy of nsroot inside a jail cannot pass for a jail" {
	requires_unprivileged_userns
	# the jail's own process runs this very nsroot (the same inode), and
	# has a child that is PID 1 of a PID namespace: but it is in the
	# jail's user namespace, not ours. (Capabilities are kept for the
	# inner nsroot to write its maps. The host's / as the outer NEWROOT:
	# built with the sanitizers, nsroot needs the host's libraries.)
	jail --keep-caps -t /mnt -v "$NSROOT:/mnt/nsroot:ro" / \
		/mnt/nsroot "$ROOTFS" sleep "$nap" >/dev/null 2>&1 3>&- &
	wait_until tagged_count 1 || true
	sleep=$(tagged)
	[ -n "$sleep" ]
	inner_init=$(ps -o ppid= -p "$sleep" | tr -d ' ')
	inner_parent=$(ps -o ppid= -p "$inner_init" | tr -d ' ')
	run unpriv "$NSROOT" --enter "$inner_parent" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: enter $inner_parent: not an nsroot jail (neither this nsroot's process nor its init)" ]
}

@test "enter: bad input is 125 and one line" {
	for bad in abc 0 -3 12x 99999999999; do
		run "$NSROOT" --enter "$bad" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: enter '$bad': expected a PID" ]
	done
	run "$NSROOT" --enter 1 -n true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: --enter takes no other option but --verbose (not -n)" ]
	run "$NSROOT" -n --enter 1 true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: --enter takes no other option but --verbose (not -n)" ]
	run "$NSROOT" --enter
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: missing argument to --enter (try nsroot --help)" ]
}

@test "list: shows the caller's jails from /proc: PID, init, age, NEWROOT, command" {
	requires_unprivileged_userns
	start_jail jail
	run unpriv "$NSROOT" --list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "PID      INIT     AGE      NEWROOT                  COMMAND" ]
	line=$(printf '%s\n' "${lines[@]}" | grep "^$parent ")
	[[ "$line" =~ ^$parent\ +$init\ +[0-9:]+\ +$ROOTFS\ +sleep\ $nap$ ]]
	if is_root; then
		# another user does not see it; root sees everyone's
		run setpriv --reuid=65533 --regid=65533 --clear-groups "$NSROOT" --list
		[ "$status" -eq 0 ]
		[[ $'\n'"$output" != *$'\n'"$parent "* ]]
		run "$NSROOT" --list
		[ "$status" -eq 0 ]
		printf '%s\n' "${lines[@]}" | grep -q "^$parent "
	fi
	kill "$parent"
	wait_until tagged_count 0 || true
	run unpriv "$NSROOT" --list
	[ "$status" -eq 0 ]
	[[ $'\n'"$output" != *$'\n'"$parent "* ]]
}

@test "list: bad input is 125 and one line" {
	run "$NSROOT" --list extra
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: --list takes no argument (not 'extra')" ]
	run "$NSROOT" --list -n
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: --list takes no other option but --verbose (not -n)" ]
}

@test "enter: what the entered command leaves behind is killed; it has no terminal of the caller's" {
	requires_unprivileged_userns
	command -v script >/dev/null || skip "script is missing (apt-get install bsdutils)"
	start_jail jail
	left=$((nap + 1))
	# at a terminal: the entered command is in a session of its own, without
	# a controlling terminal (ps shows ?), and its sleep goes with it
	run script -qec "$(is_root && echo setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups) \
		'$NSROOT' --enter $parent sh -c 'sleep $left & ps -o tty= -p \$\$'" /dev/null </dev/null
	[ "$status" -eq 0 ]
	[ "$(echo "${lines[0]}" | tr -d '\r ')" = "?" ]
	wait_until sh -c "! pgrep -f '^sleep $left\$' >/dev/null"
}

@test "enter: as root, none of the caller's supplementary groups goes in" {
	requires_root
	start_jail jail
	run setpriv --groups=0,42 "$NSROOT" --enter "$parent" sh -c 'grep ^Groups: /proc/self/status'
	[ "$status" -eq 0 ]
	[[ "$output" != *" 42"* ]]
	[[ "$output" =~ ^Groups:[[:space:]]*$|^Groups:[[:space:]]+65534[[:space:]]*$ ]]
}

@test "list: a command line's control characters are shown as ?, C1's too (0x9b and U+009B: CSI)" {
	requires_unprivileged_userns
	jail "$ROOTFS" sh -c "sleep $nap; : $(printf 'a\033[2Kb \233c \302\233d')" >/dev/null 2>&1 3>&- &
	wait_until tagged_count 1
	run unpriv "$NSROOT" --list
	[ "$status" -eq 0 ]
	[[ "$output" == *"sleep $nap; : a?[2Kb ?c ??d"* ]]
	[[ "$output" != *$'\033'* ]]
	[[ "$output" != *$'\233'* ]]
}
