# shellcheck disable=SC2154 # run sets status, output and lines
# shellcheck disable=SC2016,SC2086 # the $ in the jail's commands are the jail's; $NOBODY is a number
# The jail attacks nsroot itself: its init's descriptors, its memory, its
# process group, its scratch space, its clean-up, root's /proc and /dev.
# Each test is an escape that worked before nsroot closed it, tried from
# inside the jail, unprivileged and as root where it applies.
load helpers

setup() {
	nsroot_setup 930000
	# beside the rootfs, on the host: no path inside the jail may reach it
	outside=$NSLAB_BIN/outside-$BATS_TEST_NUMBER
	echo "the host's secret" >"$outside"
}

teardown() {
	rm -f "$outside"
	nsroot_teardown
}

# The probe, run inside: follow every /proc/*/fd/*, cwd and root, and up
# to eight ".." from each, and say where the file beside the rootfs (by
# its name) or the host's path of it is reached. Ends with the number of
# links it followed, to show that it looked.
probe='n=0
for link in /proc/[0-9]*/fd/* /proc/[0-9]*/cwd /proc/[0-9]*/root; do
	n=$((n + 1)); p=$link
	for _ in 1 2 3 4 5 6 7 8 9; do
		if [ -e "$p/$1" ] || [ -e "$p$2" ]; then echo "reached from $link"; fi
		p=$p/..
	done
done
echo "followed $n links"'

@test "escapes: no descriptor in the jail leads out, the init's and the caller's included" {
	requires_unprivileged_userns
	for who in unpriv root; do
		[ "$who" = unpriv ] || is_root || continue
		run sh -c "exec 7</ 8<'$NSLAB_BIN'; cd '$work'; \
			$([ "$who" = unpriv ] && is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
			'$NSROOT' -v '$work:/mnt:ro' -v /etc:/root '$ROOTFS' sh -c '$probe' probe '${outside##*/}' '$outside'"
		echo "$who: $output"
		[ "$status" -eq 0 ]
		[[ "${lines[-1]}" =~ ^"followed "[0-9]+" links"$ ]]
		[ "${lines[-1]#followed }" != "0 links" ]
		[ "${#lines[@]}" -eq 1 ]
	done
	# the probe finds the way out when there is one: a volume of it
	run jail -v "$NSLAB_BIN:/mnt:ro" -w /mnt "$ROOTFS" sh -c "$probe" probe "${outside##*/}" "$outside"
	[ "$status" -eq 0 ]
	[[ "$output" == *"reached from /proc/"*"/cwd"* ]]
}

@test "escapes: the init is not dumpable: its fd, environ and mem, and ptrace, are closed" {
	requires_unprivileged_userns
	run env NSLAB_SECRET=caller-only "$BASH" -c "cd '$work'; \
		$(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
		'$NSROOT' --clearenv '$ROOTFS' sh -c 'ls /proc/1/fd; cat /proc/1/environ; head -c1 /proc/1/mem; \
		grep -l caller-only /proc/[0-9]*/environ 2>/dev/null; /hostile ptrace 1; echo \$?'"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *"/proc/1/fd"*"Permission denied" ]]
	[[ "${lines[1]}" == *"/proc/1/environ"*"Permission denied" ]]
	[[ "${lines[2]}" == *"/proc/1/mem"*"Permission denied" ]]
	[ "${lines[3]}" = "ptrace 1: Operation not permitted" ]
	[ "${lines[4]}" = 1 ]
	[[ "$output" != *caller-only* ]]
}

@test "escapes: as root, /proc/sys is read-only, kernel secrets hidden, devices read-only" {
	requires_root
	pattern=$(cat /proc/sys/kernel/core_pattern)
	# each write below changes nothing even where it succeeds: same value,
	# same mode, same owner
	run "$NSROOT" "$ROOTFS" sh -c "id -u; cat /proc/sys/kernel/core_pattern >/proc/sys/kernel/core_pattern;
		wc -c </proc/keys; ls /proc/acpi | wc -l;
		/hostile chmod /dev/null; /hostile chmod /dev/zero; echo x >/dev/null && head -c 3 /dev/zero | wc -c"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ "${lines[1]}" == *"/proc/sys/kernel/core_pattern: Read-only file system" ]]
	[ "${lines[2]}" = 0 ]
	[ "${lines[3]}" = 0 ]
	[ "${lines[4]}" = "chmod /dev/null: Read-only file system" ]
	[ "${lines[5]}" = "chmod /dev/zero: Read-only file system" ]
	[ "${lines[6]}" = 3 ]
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$pattern" ]
	# unprivileged, the kernel refuses already, and nsroot mounts nothing more
	run jail "$ROOTFS" sh -c 'cat /proc/sys/kernel/core_pattern >/proc/sys/kernel/core_pattern; grep -c " /proc/" /proc/self/mountinfo'
	[[ "${lines[0]}" == *"/proc/sys/kernel/core_pattern: Permission denied" ]]
	[ "${lines[1]}" = 0 ]
}

@test "escapes: with -M and -G as root, the jail still dies with nsroot, even of SIGKILL" {
	requires_root
	"$NSROOT" -M "0 100000 65536" -G "0 100000 65536" "$ROOTFS" sleep "$nap" 3>&- &
	pid=$!
	wait_until tagged_count 1
	[ "$(stat -c %u "/proc/$(tagged)")" = 100000 ]
	kill -KILL "$pid"
	wait "$pid" || true
	wait_until tagged_count 0
}

@test "escapes: the jail's process group is its own: kill 0 reaches only the jail" {
	requires_unprivileged_userns
	run jail "$ROOTFS" sh -c 'kill -TERM 0; sleep 5'
	[ "$status" -eq 143 ]
	[ "$output" = "" ]
	# stopping its own group does not stop nsroot's clock
	start=$(date +%s)
	run timeout 20 "$BASH" -c "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
		'$NSROOT' --time-limit 1 '$ROOTFS' sh -c 'kill -STOP 0'; echo \"nsroot: \$?\""
	[ "$status" -eq 0 ]
	[ "$output" = "nsroot: 124" ]
	[ $(($(date +%s) - start)) -lt 10 ]
}

# at_a_terminal 'COMMAND': a shell at a terminal (script(1)) runs nsroot
# ROOTFS COMMAND as an ordinary user, then says its process group and the
# terminal's foreground group (ps's pgid and tpgid): the last line.
at_a_terminal() {
	run script -qec "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) sh -c '
		\"$NSROOT\" \"$ROOTFS\" $1; ps -o pgid=,tpgid= -p \$\$'" /dev/null </dev/null
}

@test "escapes: at a terminal, the jail has the foreground, and the caller has it back after" {
	requires_unprivileged_userns
	command -v script >/dev/null || skip "script is missing (apt-get install bsdutils)"
	# ps's tpgid is the terminal's foreground group; the shell reports its own
	at_a_terminal 'sh -c "ps -o pgid=,tpgid= -p \$\$"'
	[ "$status" -eq 0 ]
	inside=$(echo ${lines[0]} | tr -d '\r')
	after=$(echo ${lines[1]} | tr -d '\r')
	[ "${inside% *}" = "${inside#* }" ]	# the jail is the foreground
	[ "${after% *}" = "${after#* }" ]	# and then the caller again
	[ "${inside% *}" != "${after% *}" ]
}

@test "escapes: nothing of nsroot's is in the jail's tree: -ni / sees the host's /tmp" {
	requires_unprivileged_userns
	host_file=$(mktemp /tmp/nslab-host-XXXXXX)
	chmod 644 "$host_file"
	echo "on the host" >"$host_file"
	run jail -n -i / cat "$host_file"
	[ "$status" -eq 0 ]
	[ "$output" = "on the host" ]
	run jail -v /tmp:/tmp "$ROOTFS" sh -c "cat $host_file; grep -c ' tmpfs .*size=16k' /proc/self/mountinfo"
	rm -f "$host_file"
	[ "$status" -eq 1 ]
	[ "$output" = "$(printf 'on the host\n0')" ]
}

@test "escapes: :ro holds while someone outside swaps directories during set-up" {
	requires_root
	r=$work/r
	mkdir -p "$r/proc" "$r/dev" "$r/mnt/a" "$r/mnt/b" "$work/vol"
	cp "$ROOTFS/hostile" "$r/hostile"
	# set +e: a refused mv (busy, or racing) must not end the swapper
	(set +e; while :; do mv "$r/mnt/a" "$r/mnt/t"; mv "$r/mnt/b" "$r/mnt/a"; mv "$r/mnt/t" "$r/mnt/b"; done) 2>/dev/null &
	swapper=$!
	for i in $(seq 200); do
		"$NSROOT" -v "$work/vol:/mnt/a:ro" "$r" /hostile create "/mnt/a/f$i" >/dev/null 2>&1 || true
	done
	kill "$swapper"
	wait "$swapper" || true
	run ls "$work/vol"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "escapes: -v and -t are mounted in command-line order" {
	requires_unprivileged_userns
	run jail -t /mnt -v "$work:/mnt/src:ro" "$ROOTFS" cat "/mnt/src/${marker##*/}"
	[ "$status" -eq 0 ]
	[ "$output" = "the host's file" ]
}

@test "escapes: a tmpfs of size 0 or one that overflows is refused, not unlimited" {
	requires_unprivileged_userns
	for size in 0 0k 17179869184g 99999999999999999999 101%; do
		run jail -t "/x:$size" "$ROOTFS" true
		[ "$status" -eq 125 ]
		[[ "$output" =~ ^"nsroot: tmpfs '/x:$size': "("SIZE must be more than 0"|"too large"|"a percentage of memory must be 1 to 100") ]]
		[ "${#lines[@]}" -eq 1 ]
	done
	run jail -t /mnt:1 -t /mnt:100% -t /mnt:4611686018427387904 "$ROOTFS" true
	[ "$status" -eq 0 ]
}

@test "escapes: a DEST of 2000 components, or ulimit -s 1024 or 64: never a signal" {
	requires_unprivileged_userns
	run unpriv "$BASH" -c "ulimit -s 1024; cd '$work'; exec '$NSROOT' -t /tmp '$ROOTFS' echo small stack"
	[ "$status" -eq 0 ]
	[ "$output" = "small stack" ]
	# the init runs on a copy of nsroot's stack: it too must fit in 64 KiB
	run unpriv "$BASH" -c "ulimit -s 64; cd '$work'; exec '$NSROOT' -t /tmp -v /etc:/mnt '$ROOTFS' cat /mnt/hostname"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat /etc/hostname)" ]
	deep=$(printf '/a%.0s' $(seq 2000))
	r=$work/r
	mkdir -p "$r/proc" "$r/dev"
	run unpriv "$BASH" -c "ulimit -s 1024; exec '$NSROOT' -t '$deep' '$r' /x"
	[ "$status" -eq 125 ] || [ "$status" -eq 127 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(ls "$r")" = "$(printf 'dev\nproc')" ]
}

@test "escapes: ulimit -s 16, or 32 under 14 KB of environment: COMMAND runs, never a signal" {
	requires_unprivileged_userns
	! sanitized || skip "built with the sanitizers: AddressSanitizer alone needs more than 16 KiB of stack"
	# the init's stack (a copy of nsroot's) and COMMAND's until its exec
	# both fit: env -i, so that the suite's own environment does not count
	run unpriv env -i "$BASH" -c "ulimit -s 16; exec '$NSROOT' '$ROOTFS' echo small stack"
	[ "$status" -eq 0 ]
	[ "$output" = "small stack" ]
	big=$(printf 'x%.0s' $(seq 14000))
	run unpriv env -i "BIG=$big" "$BASH" -c "ulimit -s 32; exec '$NSROOT' '$ROOTFS' sh -c 'echo \${#BIG}'"
	[ "$status" -eq 0 ]
	[ "$output" = 14000 ]
}

@test "escapes: the clean-up removes what nsroot made, never the user's own" {
	requires_unprivileged_userns
	r=$work/r
	mkdir -p "$r/proc" "$r/dev" "$r/mnt/sub" "$work/volA"
	chmod -R 777 "$r" "$work/volA"
	run -127 jail -v "$work/volA:/mnt" -v /etc:/mnt/sub:ro "$r" /x
	[ "$status" -eq 127 ]
	[ -d "$r/mnt/sub" ]	# the user's, kept
	[ ! -e "$work/volA/sub" ]	# nsroot's, removed
}

@test "escapes: a jail that keeps CAP_SYS_ADMIN and makes its root read-only still leaves no mount point behind" {
	requires_unprivileged_userns
	r=$work/r
	mkdir -p "$r/proc" "$r/dev" "$work/vol"
	chmod -R 777 "$r" "$work/vol"
	for keep in "--cap-add CAP_SYS_ADMIN" --keep-caps; do
		run jail $keep -v "$ROOTFS/hostile:/hostile" -v "$work/vol:/new/dir" "$r" /hostile remount-ro /
		[ "$status" -eq 0 ]
		[ "$output" = "remount-ro /: done" ]
		[ "$(ls "$r")" = "$(printf 'dev\nproc')" ]
	done
}

@test "escapes: a jail that keeps CAP_SYS_ADMIN and makes a volume read-only still leaves no mount point in it" {
	requires_unprivileged_userns
	mkdir -p "$work/vol"
	chmod 777 "$work/vol"
	run jail --cap-add CAP_SYS_ADMIN -v "$work/vol:/mnt" -v /etc:/mnt/new "$ROOTFS" /hostile remount-ro /mnt
	[ "$status" -eq 0 ]
	[ "$output" = "remount-ro /mnt: done" ]
	[ -z "$(ls "$work/vol")" ]
}

@test "escapes: nsroot refuses to run set-uid" {
	requires_root
	cp "$NSROOT" "$work/nsroot-suid"
	chmod 4755 "$work/nsroot-suid"
	run unpriv "$work/nsroot-suid" "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot-suid: refusing to run set-uid or set-gid: nsroot needs no privilege" ]
}

@test "escapes: as root, --keep-caps is refused, since it would give the jail the host" {
	requires_root
	run "$NSROOT" --keep-caps "$ROOTFS" true
	[ "$status" -eq 125 ]
	[[ "$output" == "nsroot: --keep-caps with the host's root mapped inside would give the jail the host: refused"* ]]
	run "$NSROOT" --keep-caps -M "0 100000 1" -G "0 100000 1" "$ROOTFS" true
	[ "$status" -eq 0 ]
}

@test "escapes: what the host mounts later does not enter a :ro volume read-write" {
	requires_root
	mkdir -p "$work/vol/sub"
	chmod -R 777 "$work/vol"
	run unshare -m --propagation shared sh -c "
		mount --make-rshared /
		( sleep 1; mount -t tmpfs -o mode=1777 late '$work/vol/sub' ) &
		setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups '$NSROOT' -v '$work/vol:/mnt:ro' '$ROOTFS' \
			sh -c 'sleep 2; ls /mnt/sub | wc -l; touch /mnt/sub/x'; echo \"status \$?\"; wait"
	[ "${lines[0]}" = 0 ]
	[[ "${lines[1]}" == *"/mnt/sub/x"*"Read-only file system" ]]
	[ "${lines[2]}" = "status 1" ]
	[ ! -e "$work/vol/sub/x" ]
}

@test "escapes: a DEST too deep to record leaves nothing behind" {
	requires_unprivileged_userns
	r=$work/r
	mkdir -p "$r/proc" "$r/dev"
	chmod -R 777 "$r"
	deep=$(printf '/d%.0s' $(seq 2000))
	run jail -t "$deep" "$r" true
	[ "$status" -eq 125 ] || [ "$status" -eq 0 ]
	[ "${#lines[@]}" -le 1 ]
	[ "$(ls "$r")" = "$(printf 'dev\nproc')" ]
}

@test "escapes: a jail that gives the terminal to a group of its own does not keep it: the caller has it back after" {
	requires_unprivileged_userns
	command -v script >/dev/null || skip "script is missing (apt-get install bsdutils)"
	# /hostile makes a process group of its own, the terminal's foreground
	at_a_terminal '/hostile fg-steal /dev/tty'
	[ "$status" -eq 0 ]
	[ "$(echo ${lines[0]} | tr -d '\r')" = "fg-steal /dev/tty: done" ]
	read -r pgid tpgid <<<"$(echo ${lines[1]} | tr -d '\r')"
	[ -n "$pgid" ]
	[ "$tpgid" = "$pgid" ]
}

@test "escapes: a COMMAND that stops itself over and over, without a terminal, cannot block the init: the jail ends with it" {
	requires_unprivileged_userns
	# Each stop, the init reports on a pipe that nsroot reads only with a
	# terminal: 20000 reports are more than the pipe holds (16384). The init once
	# slept in write then, reaping and forwarding nothing, and the jail
	# outlived COMMAND.
	# (setsid: no terminal even when the suite runs at one; with one,
	# nsroot would stop with COMMAND, as a job, and wait for a CONT)
	run timeout -k 5 90 setsid -w "$BASH" -c "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
		'$NSROOT' '$ROOTFS' /hostile stops 20000 </dev/null"
	[ "$status" -eq 0 ]
	[ "$output" = "stops 20000: done" ]
	[ -z "$(pgrep -f '^/hostile stops')" ]
}

# The state of a process (R, S, T...) and the terminal's foreground group.
stat_of() {
	ps -o stat=,tpgid= -p "$1" 2>/dev/null | tr -s ' '
}

@test "escapes: Ctrl-Z stops the jail and nsroot with it, terminal in hand; CONT resumes both" {
	requires_unprivileged_userns
	command -v script >/dev/null || skip "script is missing (apt-get install bsdutils)"
	mkfifo "$work/in"
	timeout 20 script -qec \
		"cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
		'$NSROOT' '$ROOTFS' /bin/sleep 2; echo status=\$?" /dev/null <"$work/in" >"$work/out" 2>&1 &
	exec 9>"$work/in"
	# Ctrl-Z once the command runs in the jail
	wait_until pgrep -f "^/bin/sleep 2$" >/dev/null
	printf '\032' >&9
	parent=$(pgrep -f "^$NSROOT $ROOTFS /bin/sleep 2" | sort -n | head -n 1)
	wait_until sh -c "ps -o stat= -p $parent | grep -q T"
	# stopped, and its own group has the terminal back
	read -r state tpgid <<<"$(stat_of "$parent")"
	[[ "$state" == T* ]]
	[ "$tpgid" = "$(ps -o pgid= -p "$parent" | tr -d ' ')" ]
	jailed=$(pgrep -f "^/bin/sleep 2$")
	[[ "$(stat_of "$jailed")" == T* ]]
	kill -CONT "$parent"
	exec 9>&-
	wait
	# the terminal echoes ^Z before it: the last line ends with the status
	[[ "$(tr -d '\r' <"$work/out" | tail -n 1)" == *"status=0" ]]
}

@test "escapes: a jail that stops COMMAND over and over at a terminal cannot keep nsroot from ending on a shell's kill of the job (TERM, then CONT)" {
	requires_unprivileged_userns
	command -v script >/dev/null || skip "script is missing (apt-get install bsdutils)"
	# A process of the jail stops and continues COMMAND in a loop: each
	# stop is one report, and nsroot stops with the jail at each it reads,
	# thousands queued; a shell's kill of a stopped job (bash's kill %1)
	# sends TERM, then CONT, once, and must end it.
	printf '%s\n' '#!/bin/sh' 'me=$$' \
		"sh -c 'while :; do kill -STOP '\$me'; kill -CONT '\$me'; done' &" \
		'while :; do :; done' >"$work/flood"
	chmod 755 "$work/flood"
	timeout -k 5 30 setsid script -qec "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
		'$NSROOT' -v '$work:/mnt' '$ROOTFS' /mnt/flood; echo status=\$?" /dev/null </dev/null >"$work/out" 2>&1 &
	wait_until pgrep -f "^$NSROOT -v $work:/mnt $ROOTFS /mnt/flood" >/dev/null
	parent=$(pgrep -f "^$NSROOT -v $work:/mnt $ROOTFS /mnt/flood" | sort -n | head -n 1)
	[ -n "$parent" ]
	wait_until sh -c "ps -o stat= -p $parent | grep -q T"
	[[ "$(ps -o stat= -p "$parent")" == T* ]]
	kill -TERM "$parent"
	kill -CONT "$parent"
	status=0
	timeout 5 tail --pid="$parent" -f /dev/null || status=$?
	echo "nsroot after TERM and CONT: $(ps -o stat= -p "$parent")"
	kill -KILL "$parent" 2>/dev/null || true
	wait
	[ "$status" -eq 0 ]
	[[ "$(tr -d '\r' <"$work/out" | tail -n 1)" == *"status=143" ]]
}
