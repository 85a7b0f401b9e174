# nsroot beyond namespaces: the seccomp filter, rlimits, cgroups and the
# cgroup namespace (issue 12). /probe (tests/helpers/probe.c) makes the
# calls and says what the kernel answered.
# shellcheck disable=SC2154,SC2016 # run sets status, output and lines; $ is the jail's
load helpers

setup() {
	nsroot_setup 920000
	mounts_before=$(mounts)
}

teardown() {
	nsroot_teardown
}

# The jails' cgroups whose nsroot is gone: made by nsroot as nsroot-PID in
# every hierarchy. Other runs on the machine may hold live ones.
stale_cgroups() {
	local dir pid
	find /sys/fs/cgroup -name 'nsroot-*' -type d 2>/dev/null | while read -r dir; do
		pid=${dir##*/nsroot-}
		kill -0 "$pid" 2>/dev/null || echo "$dir"
	done
}

# No process of the test, no mount, no cgroup (once the kernel is done).
nothing_left() {
	wait_until tagged_count 0 || true
	[ -z "$(tagged)" ]
	[ "$(mounts)" = "$mounts_before" ]
	wait_until test -z "$(stale_cgroups)" || true
	stale_cgroups
	[ -z "$(stale_cgroups)" ]
}

# The cgroup hierarchy that holds controller $1 as this host has it: v1
# (its own tree) or v2 (in cgroup.controllers of the unified tree), for the
# tests that need it to be really there.
requires_controller() {
	requires_root
	grep -qw "$1" /proc/self/cgroup && return 0
	grep -qw "$1" /sys/fs/cgroup/cgroup.controllers 2>/dev/null && return 0
	skip "this host has no $1 cgroup controller"
}

@test "seccomp: keyrings, bpf, perf, userfaultfd, io_uring, TIOCLINUX are refused; --seccomp none lets them through" {
	requires_unprivileged_userns
	run jail "$ROOTFS" /probe keyctl add_key bpf perf_event_open userfaultfd io_uring_setup tioclinux
	[ "$status" -eq 1 ]
	[ "$output" = "keyctl: Operation not permitted
add_key: Operation not permitted
bpf: Operation not permitted
perf_event_open: Operation not permitted
userfaultfd: Operation not permitted
io_uring_setup: Function not implemented
tioclinux: Operation not permitted" ]
	# without the filter the kernel itself answers: a key, or an error
	# about the (empty) arguments
	run jail --seccomp none "$ROOTFS" /probe keyctl add_key perf_event_open io_uring_setup tioclinux
	[ "$status" -eq 1 ]
	[ "$output" = "keyctl: done
add_key: done
perf_event_open: Bad address
io_uring_setup: Bad address
tioclinux: Inappropriate ioctl for device" ]
}

@test "seccomp: the filter is COMMAND's, not the init's; set after no_new_privs" {
	requires_unprivileged_userns
	run jail "$ROOTFS" sh -c 'grep -E "^(NoNewPrivs|Seccomp):" /proc/1/status /proc/self/status'
	[ "$status" -eq 0 ]
	[ "$output" = "/proc/1/status:NoNewPrivs:	1
/proc/1/status:Seccomp:	0
/proc/self/status:NoNewPrivs:	1
/proc/self/status:Seccomp:	2" ]
	run jail --as-pid-1 "$ROOTFS" grep "^Seccomp:" /proc/1/status
	[ "$status" -eq 0 ]
	[ "$output" = "Seccomp:	2" ]
	run jail --seccomp none "$ROOTFS" grep "^Seccomp:" /proc/self/status
	[ "$status" -eq 0 ]
	[ "$output" = "Seccomp:	0" ]
}

@test "seccomp: TIOCSTI into the caller's terminal is refused, even without --new-session" {
	requires_unprivileged_userns
	command -v script >/dev/null || skip "script(1) is missing (apt-get install bsdutils)"
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ] ||
		skip "this kernel refuses TIOCSTI to everyone (dev.tty.legacy_tiocsti = 0)"
	as=$(is_root && echo "setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups")
	run script -qec "$as '$NSROOT' '$ROOTFS' /hostile tiocsti x" /dev/null </dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"tiocsti x: Operation not permitted"* ]]
	run script -qec "$as '$NSROOT' --seccomp none '$ROOTFS' /hostile tiocsti x" /dev/null </dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"tiocsti x: done"* ]]
}

@test "seccomp: nested user namespaces work by default; --disable-userns refuses clone, unshare and clone3" {
	requires_unprivileged_userns
	run jail "$ROOTFS" /probe clone-user
	[ "$status" -eq 0 ]
	[ "$output" = "clone-user: done" ]
	run jail "$ROOTFS" /probe unshare-user clone3
	[ "$status" -eq 0 ]
	[ "$output" = "unshare-user: done
clone3: done" ]
	run jail --disable-userns "$ROOTFS" /probe clone-user unshare-user clone3
	[ "$status" -eq 1 ]
	[ "$output" = "clone-user: Operation not permitted
unshare-user: Operation not permitted
clone3: Function not implemented" ]
	# the shell still forks (libc falls back from clone3 to clone)
	run jail --disable-userns "$ROOTFS" sh -c 'echo $(echo forked)'
	[ "$status" -eq 0 ]
	[ "$output" = forked ]
}

@test "seccomp: a call by another architecture's numbers is killed; x32 is ENOSYS" {
	[ "$(uname -m)" = x86_64 ] || skip "x86_64 only (this is $(uname -m))"
	requires_unprivileged_userns
	run jail "$ROOTFS" /probe i386
	[ "$status" -eq $((128 + 31)) ]	# SIGSYS
	[ -z "$output" ]
	run jail --seccomp none "$ROOTFS" /probe i386
	if [ "$status" -eq 0 ]; then	# this kernel runs i386 calls at all
		[ "$output" = "i386: done" ]
	fi
	run jail "$ROOTFS" /probe x32
	[ "$status" -eq 1 ]
	[ "$output" = "x32: Function not implemented" ]
}

@test "seccomp: on every call number, the filter refuses exactly what nsroot.1 lists; x32, other architectures, ioctl and clone as it says" {
	# tests/helpers/filter-model.c runs the filter nsroot builds on a model
	# of the BPF machine, for every number: not a sample of calls
	model=$BATS_TEST_TMPDIR/filter-model
	cc -std=c11 -O2 -o "$model" "$NSLAB_REPO/tests/helpers/filter-model.c" "$NSLAB_REPO/final/util.c"
	run "$model" --names
	[ "$status" -eq 0 ]
	names=$output
	[ "${#lines[@]}" -ge 300 ]
	# the names nsroot.1 lists under FILTER, those this architecture has
	documented=$(sed -n '/^It refuses:/,/^Every refused call fails/p' "$NSLAB_REPO/final/nsroot.1" |
		sed -n 's/^\.BR\{0,1\} \([a-z_0-9]*\).*/\1/p' | sort -u)
	expected=$(for name in $documented; do
		grep -qx "$name" <<<"$names" || continue
		case $name in io_uring_*) echo "$name ENOSYS" ;; *) echo "$name EPERM" ;; esac
	done | sort)
	[ "$(wc -l <<<"$expected")" -ge 30 ]
	run "$model"
	[ "$status" -eq 0 ]
	[ "$(grep -Ev '^(x32|other-arch|ioctl|clone|unshare) ' <<<"$output" | sort)" = "$expected" ]
	# TIOCSTI (0x5412) and TIOCLINUX (0x541c), on their low 32 bits as the
	# kernel reads them; another ioctl (TCGETS) goes through
	for line in "ioctl 0x5412 EPERM" "ioctl 0x100005412 EPERM" "ioctl 0x541c EPERM" \
		"ioctl 0x10000541c EPERM" "ioctl 0x5401 ALLOW" "clone 0x10000000 ALLOW" \
		"unshare 0x10000000 ALLOW"; do
		grep -qx "$line" <<<"$output"
	done
	if [ "$(uname -m)" = x86_64 ]; then
		grep -qx "x32 read ENOSYS" <<<"$output"
		grep -qx "other-arch KILL" <<<"$output"
	fi
	# the default program, which make built (build/default-filter.h), is
	# the one nsroot's code builds at run time: the same answers
	default_answers=$output
	run "$model" --built
	[ "$status" -eq 0 ]
	[ "$output" = "$default_answers" ]
	# --disable-userns: new user namespaces by clone and unshare, and
	# clone3 (its flags are in memory); --deny adds a call
	run "$model" --disable-userns --deny uname
	[ "$status" -eq 0 ]
	for line in "clone 0x10000000 EPERM" "clone 0x20000 ALLOW" "unshare 0x10000000 EPERM" \
		"unshare 0x20000 ALLOW" "clone3 ENOSYS" "uname EPERM"; do
		grep -qx "$line" <<<"$output"
	done
	[ "$(grep -Ev '^(x32|other-arch|ioctl|clone|unshare|clone3|uname) ' <<<"$output" | sort)" = "$expected" ]
}

@test "seccomp: --seccomp-deny adds calls by name" {
	requires_unprivileged_userns
	run jail --seccomp-deny uname,sethostname --seccomp-deny chdir "$ROOTFS" sh -c 'uname -s; cd /tmp; echo $?'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "uname: cannot get system name: Operation not permitted" ]
	[[ "${lines[1]}" == *"cd: can't cd to /tmp" ]]
	[ "${lines[2]}" = 2 ]
	run jail --seccomp-deny uname "$ROOTFS" true
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "seccomp: bad values are one line and 125, and nothing runs" {
	check() {	# check MESSAGE OPTION...
		local message=$1
		shift
		run jail "$@" "$ROOTFS" sleep "$nap"
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: $message" ]
	}
	check "seccomp-deny 'uname,nosuchcall': no system call nosuchcall on this machine" \
		--seccomp-deny uname,nosuchcall
	check "seccomp-deny 'uname,': expected NAME[,NAME]..." --seccomp-deny uname,
	check "seccomp-deny '': expected NAME[,NAME]..." --seccomp-deny ''
	check "seccomp 'off': expected default or none" --seccomp off
	check "--seccomp-deny needs the filter: not with --seccomp none" \
		--seccomp none --seccomp-deny uname
	check "--disable-userns needs the filter: not with --seccomp none" \
		--disable-userns --seccomp none
	[ -z "$(tagged)" ]
}

@test "rlimit: no core dumps by default; --rlimit sets soft and hard, or both" {
	requires_unprivileged_userns
	run jail "$ROOTFS" sh -c 'ulimit -c; ulimit -Hc'
	[ "$status" -eq 0 ]
	[ "$output" = "0
0" ]
	# core up to the caller's hard limit ("unlimited" here, 0 under some
	# sudo set-ups): raising a hard limit is refused unprivileged
	hard=$(ulimit -Hc)
	run jail --rlimit nofile=20:40 --rlimit "core=$hard" --rlimit nproc=300 "$ROOTFS" \
		sh -c 'ulimit -n; ulimit -Hn; ulimit -c; grep "^Max processes" /proc/self/limits'
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^"20
40
$hard
Max processes"\ +300\ +300\ +processes\ *$ ]]
	# only COMMAND has them: the init is nsroot's
	run jail --rlimit nofile=20 "$ROOTFS" grep "^Max open files" /proc/1/limits /proc/self/limits
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" != *" 20 "* ]]
	[[ "${lines[1]}" =~ ^/proc/self/limits:Max\ open\ files\ +20\ +20\ +files ]]
}

@test "rlimit: --rlimit as= stops an allocation, fsize= a write, nofile= a descriptor" {
	requires_unprivileged_userns
	run jail --rlimit as=64m "$ROOTFS" /probe alloc 100
	[ "$status" -eq 1 ]
	[[ "$output" =~ ^"alloc: failed after "[0-9]+" MiB"$ ]]
	n=${output#alloc: failed after }
	[ "${n% MiB}" -lt 64 ]
	run jail --rlimit as=64m "$ROOTFS" /probe alloc 16
	[ "$status" -eq 0 ]
	[ "$output" = "alloc: 16 MiB" ]
	run jail --rlimit fsize=1k -t /tmp "$ROOTFS" sh -c 'head -c 4096 /dev/zero >/tmp/f; echo $?; wc -c </tmp/f'
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = 1024 ]
	run jail --rlimit nofile=4 "$ROOTFS" sh -c 'exec 3</ 4</; echo opened'
	[ "$status" -eq 2 ]
	[[ "$output" == *"sh: 1: 4: Bad file descriptor"* || "$output" == *"cannot open"* ||
		"$output" == *"Too many open files"* ]]
}

@test "rlimit: bad names and numbers, a hard limit raised unprivileged: 125, one line" {
	requires_unprivileged_userns
	for spec in "files=10|unknown NAME (one of as, core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)" \
		"nofile|expected NAME=SOFT[:HARD], each a number (k, m, g, t) or unlimited" \
		"nofile=|expected NAME=SOFT[:HARD], each a number (k, m, g, t) or unlimited" \
		"nofile=ten|expected NAME=SOFT[:HARD], each a number (k, m, g, t) or unlimited" \
		"nofile=-1|expected NAME=SOFT[:HARD], each a number (k, m, g, t) or unlimited" \
		"as=99999999999999999999|expected NAME=SOFT[:HARD], each a number (k, m, g, t) or unlimited" \
		"nofile=10:5|SOFT is above HARD" \
		"nofile=unlimited:10|SOFT is above HARD"; do
		run jail --rlimit "${spec%%|*}" "$ROOTFS" sleep "$nap"
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: rlimit '${spec%%|*}': ${spec#*|}" ]
	done
	# past the caller's own hard limit: the kernel says no, from COMMAND
	run unpriv sh -c "ulimit -n 100; cd '$work' && exec '$NSROOT' --rlimit nofile=200 '$ROOTFS' true"
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: rlimit nofile: Operation not permitted" ]
	[ -z "$(tagged)" ]
}

@test "cgroup: a cgroup namespace by default, /proc/self/cgroup reads /; --share-cgroup keeps the host's" {
	requires_unprivileged_userns
	run jail "$ROOTFS" cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	for line in "${lines[@]}"; do
		[[ "$line" =~ ^[0-9]+:[^:]*:/$ ]]
	done
	readlink /proc/self/ns/cgroup >"$work/host-ns"
	run jail "$ROOTFS" readlink /proc/self/ns/cgroup
	[ "$status" -eq 0 ]
	[ "$output" != "$(cat "$work/host-ns")" ]
	run jail --share-cgroup "$ROOTFS" readlink /proc/self/ns/cgroup
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$work/host-ns")" ]
	run jail --share-cgroup "$ROOTFS" cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat /proc/self/cgroup)" ]
}

@test "cgroup: --pids-max stops a fork loop at N, and the cgroup is gone after" {
	requires_controller pids
	n=5
	run "$NSROOT" --pids-max "$n" "$ROOTFS" sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do sleep $nap & echo \$i; done"
	# the init and sh count: N - 2 sleeps, then dash gives up
	[ "$status" -eq 2 ]
	[ "$output" = "$(seq $((n - 2)))
sh: 0: Cannot fork" ]
	nothing_left
}

@test "cgroup: --memory-max OOM-kills an allocation beyond it, not one below" {
	requires_controller memory
	run "$NSROOT" --memory-max 32m "$ROOTFS" /probe alloc 100
	[ "$status" -eq $((128 + 9)) ]
	[ -z "$output" ]
	run "$NSROOT" --memory-max 64m "$ROOTFS" /probe alloc 16
	[ "$status" -eq 0 ]
	[ "$output" = "alloc: 16 MiB" ]
	nothing_left
}

@test "cgroup: --cpu-max holds a spinner to its share of one CPU" {
	requires_controller cpu
	run "$NSROOT" --cpu-max 20 "$ROOTFS" /probe spin 1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^"spin: "([0-9]+)"% of one CPU"$ ]]
	share=${BASH_REMATCH[1]}
	[ "$share" -ge 5 ]
	[ "$share" -le 35 ]
	nothing_left
}

@test "cgroup: every limit at once, the cgroup namespace's root is the jail's cgroup, nothing left after SIGKILL of COMMAND" {
	requires_controller pids
	requires_controller memory
	run "$NSROOT" --pids-max 20 --memory-max 64m --cpu-max 50 "$ROOTFS" sh -c 'cat /proc/self/cgroup; kill -KILL $$'
	[ "$status" -eq $((128 + 9)) ]
	for line in "${lines[@]}"; do
		[[ "$line" =~ ^[0-9]+:[^:]*:/$ ]]
	done
	run "$NSROOT" --share-cgroup --pids-max 20 "$ROOTFS" cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[[ "$output" =~ :pids:/(.*/)?nsroot-[0-9]+$'\n' || "$output" =~ ^0::/(.*/)?nsroot-[0-9]+$ ]]
	nothing_left
}

@test "cgroup: bad values are one line and 125, and nothing is made" {
	for spec in "--memory-max|0|expected a number above 0, with k, m, g or t" \
		"--memory-max|lots|expected a number above 0, with k, m, g or t" \
		"--memory-max|1k|less than 1m cannot start a process" \
		"--pids-max|0|expected a number above 0" \
		"--pids-max|1k|expected a whole number, up to 4194304" \
		"--pids-max|-3|expected a number above 0" \
		"--cpu-max|0|expected a number above 0" \
		"--cpu-max|10001|expected a percentage of one CPU, from 1 to 10000" \
		"--cpu-max|50%|expected a number above 0"; do
		IFS='|' read -r option value message <<<"$spec"
		run "$NSROOT" "$option" "$value" "$ROOTFS" sleep "$nap"
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: $option '$value': $message" ]
	done
	nothing_left
}

@test "cgroup: unprivileged, without a cgroup of one's own: 125, the reason and a hint" {
	requires_root
	requires_unprivileged_userns
	grep -qw pids /proc/self/cgroup || skip "pids is not a cgroup v1 controller here"
	run jail --pids-max 5 "$ROOTFS" sleep "$nap"
	[ "$status" -eq 125 ]
	[[ "${lines[0]}" =~ ^"nsroot: cgroup: mkdir /sys/fs/cgroup/pids"(/.*)?"/nsroot-"[0-9]+": Permission denied"$ ]]
	[ "${lines[1]}" = "hint: the jail's cgroup must be made in a cgroup of yours: see CGROUPS in nsroot(1), or run scripts/doctor" ]
	[ "${#lines[@]}" -eq 2 ]
	nothing_left
}

@test "cgroup v2: in a cgroup2 tree mounted for the test, each controller asked for is there, or 125 and nothing made" {
	requires_root
	run unshare -m --propagation private sh -c "
		umount -R -l /sys/fs/cgroup 2>/dev/null; mount -t cgroup2 none /sys/fs/cgroup || exit 99
		echo \$(cat /sys/fs/cgroup/cgroup.controllers)
		'$NSROOT' --pids-max 5 '$ROOTFS' sh -c 'cat /proc/self/cgroup; for i in 1 2 3 4 5 6; do sleep $nap & done; wait' 2>&1
		echo status \$?
		find /sys/fs/cgroup -name 'nsroot-*'"
	[ "$status" -ne 99 ] || skip "no cgroup2 filesystem here"
	[ "$status" -eq 0 ]
	if [[ " ${lines[0]} " == *" pids "* ]]; then
		# a v2 host: the limit bites, in the jail's own v2 cgroup
		[ "${lines[1]}" = "0::/" ]
		[[ "$output" == *"Cannot fork"* ]]
	else
		# pids is bound to cgroup v1 on this host: it cannot be had here
		[ "${lines[1]}" = "nsroot: cgroup: cgroup v2 at /sys/fs/cgroup has no pids controller (it has: ${lines[0]:-none})" ]
		[ "${#lines[@]}" -eq 3 ]
	fi
	[ "${lines[-1]}" = "status $([[ " ${lines[0]} " == *" pids "* ]] && echo 0 || echo 125)" ]
	nothing_left
}

@test "faults: nsroot killed at any moment of the cgroup set-up leaves no cgroup, process or mount" {
	requires_controller pids
	requires_controller memory
	for delay in 0 0.0002 0.0005 0.001 0.002 0.003 0.005 0.008 0.012 0.02 0.05 0.1; do
		"$NSROOT" --pids-max 50 --memory-max 100m --cpu-max 50 "$ROOTFS" sleep "$nap" >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "$delay"
		kill -KILL "$pid"
		wait "$pid" || true
		echo "delay $delay"
		nothing_left
	done
}

@test "faults: a cgroup set-up that fails half-way: 125, one line and a hint, no cgroup left" {
	requires_controller memory
	grep -qw pids /proc/self/cgroup || skip "pids is not a cgroup v1 controller here"
	# the memory cgroup is made, then the pids hierarchy is read-only
	run unshare -m --propagation private sh -c "
		mount --bind /sys/fs/cgroup/pids /sys/fs/cgroup/pids &&
		mount -o remount,bind,ro /sys/fs/cgroup/pids &&
		'$NSROOT' --memory-max 64m --pids-max 5 '$ROOTFS' sleep $nap"
	[ "$status" -eq 125 ]
	[[ "${lines[0]}" =~ ^"nsroot: cgroup: mkdir /sys/fs/cgroup/pids"(/.*)?"/nsroot-"[0-9]+": Read-only file system"$ ]]
	[[ "${lines[1]}" == "hint: "* ]]
	[ "${#lines[@]}" -eq 2 ]
	nothing_left
}

@test "cgroup v2: the jail's cgroup is made beside nsroot's own, which has a process (nsroot)" {
	requires_root
	grep -q '^0::' /proc/self/cgroup || skip "no cgroup v2 hierarchy here"
	# a cgroup (its name is the test's own) and a subgroup for nsroot, in
	# a cgroup2 tree mounted for the test, as systemd's DelegateSubgroup= makes
	group=nslab-test-$nap
	run unshare -m --propagation private sh -c "
		umount -R -l /sys/fs/cgroup 2>/dev/null; mount -t cgroup2 none /sys/fs/cgroup || exit 99
		mkdir -p /sys/fs/cgroup/$group/sub && echo \$\$ >/sys/fs/cgroup/$group/sub/cgroup.procs || exit 98
		'$NSROOT' --pids-max 5 '$ROOTFS' true 2>&1; echo status \$?
		echo \$\$ >/sys/fs/cgroup/cgroup.procs
		ls /sys/fs/cgroup/$group
		rmdir /sys/fs/cgroup/$group/sub /sys/fs/cgroup/$group"
	[ "$status" -ne 99 ] || skip "no cgroup2 filesystem here"
	[ "$status" -eq 0 ]
	controllers=$(cat "/sys/fs/cgroup/unified/cgroup.controllers" 2>/dev/null || cat /sys/fs/cgroup/cgroup.controllers)
	if [[ " $controllers " == *" pids "* ]]; then
		[ "${lines[0]}" = "status 0" ]
	else
		# the controller cannot be had here, but the place is the right one
		[ "${lines[0]}" = "nsroot: cgroup: cgroup v2 at /sys/fs/cgroup/$group has no pids controller (it has: none)" ]
		[ "${lines[1]}" = "status 125" ]
	fi
	# nothing was made beside sub
	[ "${lines[-1]}" = sub ]
	nothing_left
}
