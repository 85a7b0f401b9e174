# final/nsroot: the original nsroot's command line, its fixes, its hardening.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

setup() {
	nsroot_setup 900000
}

teardown() {
	rm -f "$ROOTFS/evil" "$ROOTFS/p"
	nsroot_teardown
}

# refused ARGS...: nsroot with each ARGS (a string, split as the shell
# splits it) and the command true: one line "nsroot: ...", exit 125, and no
# mount left behind.
refused() {
	local args before
	before=$(mounts)
	for args in "$@"; do
		eval "set -- $args"
		run "$NSROOT" "$@" true
		echo "$args -> $status: $output"
		[ "$status" -eq 125 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "${lines[0]}" == "nsroot: "* ]]
	done
	[ "$(mounts)" = "$before" ]
}

# A DEST, a name or a map of 5000 characters: its message quotes 32.
long=/$(printf '%*s' 5000 '' | tr ' ' d)

@test "nsroot: the original README's examples run unchanged" {
	requires_unprivileged_userns
	run jail -ni / ip -o link
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "1: lo: <LOOPBACK,UP,LOWER_UP> "* ]]
	ln -s "$ROOTFS" "$work/ubuntu"
	run jail -o /.old_root -v /etc:/mnt:ro ubuntu cat /mnt/hostname
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat /etc/hostname)" ]
}

@test "nsroot: NEWROOT defaults to ., COMMAND to \$SHELL -i" {
	requires_unprivileged_userns
	# setsid: no terminal, so that the interactive shell's job control
	# does not depend on where the suite runs (a pty, a pipe, CI)
	run setsid -w sh -c "cd '$ROOTFS' && echo 'echo \$0 \$(ls /escape); exit 7' | SHELL=/bin/sh $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' 2>/dev/null"
	[ "$status" -eq 7 ]
	[ "$output" = "/bin/sh /escape" ]
}

@test "nsroot: the caller is root inside, with its uid and gid mapped to 0" {
	requires_unprivileged_userns
	run jail "$ROOTFS" sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[ "$(echo ${lines[2]})" = "0 $(unpriv id -u) 1" ]
	[ "$(echo ${lines[3]})" = "0 $(unpriv id -g) 1" ]
	[ "${lines[4]}" = deny ]
}

@test "nsroot: -M and -G take uid_map lines separated by commas" {
	requires_root
	run "$NSROOT" -M '0 100000 1000,1000 0 1' -G '0 200000 10' "$ROOTFS" \
		sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	[ "$status" -eq 0 ]
	[ "$(echo ${lines[0]})" = "0 100000 1000" ]
	[ "$(echo ${lines[1]})" = "1000 0 1" ]
	[ "$(echo ${lines[2]})" = "0 200000 10" ]
	[ "${lines[3]}" = allow ]
}

@test "nsroot: -G works unprivileged, for the caller's own gid" {
	requires_unprivileged_userns
	run jail -M "1000 $(unpriv id -u) 1" -G "1000 $(unpriv id -g) 1" "$ROOTFS" sh -c 'id -u; id -g'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '1000\n1000')" ]
}

@test "nsroot: a map the kernel refuses is one line, a hint, and 125" {
	requires_unprivileged_userns
	run jail -M '0 0 1' "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "${lines[0]}" = "nsroot: uid map '0 0 1': Operation not permitted" ]
	[[ "${lines[1]}" == "hint: "* ]]
	[ "${#lines[@]}" -eq 2 ]
	[ -z "$(tagged)" ]
}

@test "nsroot: an unknown option is one line and 125" {
	refused "-Z" "--bogus"
	run "$NSROOT" -Z
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: unknown option -Z (try nsroot --help)" ]
}

@test "nsroot: a malformed volume is one line and 125, and leaves nothing" {
	refused "-v" "-v nocolon" "-v :/x" "-v /tmp:" "-v /tmp:/x:rx" \
		"-v /tmp:/proc" "-v /tmp:/proc/sys" "-v /tmp:/"
	run "$NSROOT" -v /tmp:/proc/x true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: volume '/tmp:/proc/x': DEST may not be /proc or below it" ]
	run "$NSROOT" -v "/tmp:$long" true
	[ "$status" -eq 125 ]
	volume="/tmp:$long"
	[ "$output" = "nsroot: volume '${volume:0:32}...': DEST is too long" ]
}

@test "nsroot: a malformed tmpfs is one line and 125" {
	refused "-t :1m" "-t /x:lots"
	run "$NSROOT" -t "$long:1m" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: tmpfs '${long:0:32}...': DEST is too long" ]
}

@test "nsroot: a malformed uid or gid map is one line and 125" {
	refused "-M 0" "-M x,y" "-G '0 0 0'" "-M '0 4294967295 2'"
	run "$NSROOT" -M "$long" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: map '${long:0:32}...': expected INSIDE OUTSIDE COUNT[,...], at most 340" ]
}

@test "nsroot: a time limit that is not a positive duration is one line and 125" {
	refused "--time-limit 0" "--time-limit -1" "--time-limit 1x"
}

@test "nsroot: a --setenv without NAME= is one line and 125" {
	refused "--setenv NOEQUALS" "--setenv =x"
}

@test "nsroot: an empty or too long hostname is one line and 125" {
	refused "-H ''"
	run "$NSROOT" -H "$long" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: hostname '${long:0:32}...': 1 to 64 characters" ]
}

@test "nsroot: an empty working directory is one line and 125" {
	refused "-w ''"
}

@test "nsroot: a volume source or new root that does not exist is one line naming it, and 125" {
	refused "-v /nonexistent:/mnt $ROOTFS" "/nonexistent/root"
	run "$NSROOT" -v /nonexistent:/mnt "$ROOTFS" true
	[ "$output" = "nsroot: volume source /nonexistent: No such file or directory" ]
	run "$NSROOT" /nonexistent/root true
	[ "$output" = "nsroot: new root /nonexistent/root: No such file or directory" ]
}

@test "nsroot: the command's exit status passes through, and nothing is printed" {
	requires_unprivileged_userns
	check_exit_status jail "$ROOTFS"
}

@test "nsroot: a command killed by a signal gives 128 + its number" {
	requires_unprivileged_userns
	check_signal_status jail "$ROOTFS"
	run jail "$ROOTFS" sh -c 'kill -KILL $$'
	[ "$status" -eq 137 ]
	[ -z "$output" ]
}

@test "nsroot: a command not found is 127, with exec's error" {
	requires_unprivileged_userns
	check_not_found_status jail "$ROOTFS"
}

@test "nsroot: a command that cannot run is 126, with exec's error" {
	requires_unprivileged_userns
	check_cannot_run_status jail "$ROOTFS"
	run jail "$ROOTFS" /etc/passwd
	[ "$status" -eq 126 ]
	[ "$output" = "nsroot: exec /etc/passwd: Permission denied" ]
}

@test "nsroot: COMMAND is found as execvp finds it, and a script without #! runs with sh" {
	requires_unprivileged_userns
	mkdir -p "$work/bin"
	printf 'echo "plain script, args:" "$@"\n' >"$work/bin/plain"
	printf 'echo not me\n' >"$work/bin/noexec"
	chmod 755 "$work/bin/plain"
	chmod 644 "$work/bin/noexec"
	# by path, with and without --as-pid-1
	run jail -v "$work/bin:/mnt" "$ROOTFS" /mnt/plain a 'b c'
	[ "$status" -eq 0 ]
	[ "$output" = "plain script, args: a b c" ]
	run jail --as-pid-1 -v "$work/bin:/mnt" "$ROOTFS" /mnt/plain d
	[ "$status" -eq 0 ]
	[ "$output" = "plain script, args: d" ]
	# by name: PATH in order, past a directory where it is not executable
	run jail -v "$work/bin:/mnt" --setenv PATH=/nowhere:/mnt "$ROOTFS" plain e
	[ "$status" -eq 0 ]
	[ "$output" = "plain script, args: e" ]
	cp "$work/bin/noexec" "$work/bin/echo"
	run jail -v "$work/bin:/mnt" --setenv PATH=/mnt:/bin "$ROOTFS" echo found
	[ "$status" -eq 0 ]
	[ "$output" = "found" ]
	# found, not executable, nowhere else: 126; nowhere at all: 127
	run jail -v "$work/bin:/mnt" --setenv PATH=/mnt:/bin "$ROOTFS" noexec
	[ "$status" -eq 126 ]
	[ "$output" = "nsroot: exec noexec: Permission denied" ]
	run -127 jail -v "$work/bin:/mnt" --setenv PATH=/mnt:/bin "$ROOTFS" nosuch
	[ "$status" -eq 127 ]
	[ "$output" = "nsroot: exec nosuch: No such file or directory" ]
	# no PATH at all: /bin:/usr/bin, as glibc's execvp
	run jail --clearenv "$ROOTFS" echo default path
	[ "$status" -eq 0 ]
	[ "$output" = "default path" ]
}

@test "nsroot: a :ro volume and -r survive a remount attempt, even as root inside" {
	requires_unprivileged_userns
	echo data >"$work/file"
	run jail -r -v "$work:/mnt:ro" -t /tmp "$ROOTFS" sh -c '
		id -u
		echo x >/mnt/new || echo "volume: refused"
		echo x >/newfile || echo "root: refused"
		echo x >/tmp/ok && echo "tmpfs: written"
		/hostile remount-rw /mnt; /hostile remount-rw /
		/hostile umount /mnt
		cat /mnt/file'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *"Read-only file system"*"volume: refused"* ]]
	[[ "$output" == *"root: refused"* ]]
	[[ "$output" == *"tmpfs: written"* ]]
	[[ "$output" == *"remount-rw /mnt: Operation not permitted"* ]]
	[[ "$output" == *"remount-rw /: Operation not permitted"* ]]
	[[ "$output" == *"umount /mnt: Operation not permitted"* ]]
	[ "${lines[-1]}" = data ]
	[ ! -e "$work/new" ]
	[ ! -e "$ROOTFS/newfile" ]
}

@test "nsroot: --keep-caps keeps the capabilities, and so undoes :ro" {
	requires_unprivileged_userns
	run jail --keep-caps -v "$work:/mnt:ro" "$ROOTFS" sh -c \
		'/hostile remount-rw /mnt && echo x >/mnt/new && echo written'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = written ]
	[ -e "$work/new" ]
}

@test "nsroot: capabilities are dropped, bounding set included, and no_new_privs is set" {
	requires_unprivileged_userns
	run jail "$ROOTFS" sh -c 'grep -E "^(Cap|NoNewPrivs)" /proc/self/status'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1')" ]
}

@test "nsroot: the chroot escape fails inside, as root too" {
	run_escape() {
		run "$@" "$ROOTFS" /escape cat "$marker"
		[ "$status" -eq 125 ]
		[ "$output" = "escape: chroot: Operation not permitted" ]
	}
	requires_unprivileged_userns
	run_escape jail
	requires_root
	run_escape "$NSROOT"
}

@test "nsroot: a :ro volume of a nosuid,nodev filesystem works unprivileged" {
	requires_root
	requires_unprivileged_userns
	run unshare -m sh -c "
		mount -t tmpfs -o nosuid,nodev,size=1m none '$work' && chmod 755 '$work' &&
		echo inside >'$work/f' &&
		setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups \
			'$NSROOT' -v '$work:/mnt:ro' '$ROOTFS' sh -c 'cat /mnt/f; grep \" /mnt \" /proc/self/mountinfo'"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = inside ]
	[[ "${lines[1]}" == *" /mnt ro,nosuid,nodev"* ]]
}

@test "nsroot: volumes are recursive, in order, and SRC is relative to the caller" {
	requires_root
	mkdir -p "$work/a/sub" "$work/b"
	echo b >"$work/b/f"
	ln -s a "$work/link"
	run unshare -m sh -c "
		mount -t tmpfs none '$work/a/sub' && echo sub >'$work/a/sub/f' &&
		cd '$work' && '$NSROOT' -v link:/mnt -v b:/mnt/sub/b '$ROOTFS' \
			sh -c 'cat /mnt/sub/f /mnt/sub/b/f'"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'sub\nb')" ]
}

@test "nsroot: DEST stays inside NEWROOT, even through a symlink in the rootfs" {
	requires_root
	# /evil leads to the host's $work if resolved on the host, and to
	# NEWROOT's /tmp inside.
	ln -s "/../../../../../../../..$work" "$ROOTFS/evil"
	mkdir -p "$ROOTFS$work"
	ln -s /proc "$ROOTFS/p"
	run "$NSROOT" -v /etc:/evil/x "$ROOTFS" sh -c "ls /evil/x/hostname $work/x/hostname"
	rm -rf "$ROOTFS${work%/*}"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '/evil/x/hostname\n%s/x/hostname' "$work")" ]
	[ ! -e "$work/x" ]
	run "$NSROOT" -v /etc:/p/sys "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: volume: mount point /p/sys leads to /proc/sys inside the new root" ]
}

@test "nsroot: a rootfs whose /dev leads to / or into /proc is refused: nsroot's /dev would hide them" {
	requires_unprivileged_userns
	r=$work/r
	mkdir -p "$r/proc" "$r/etc"
	before=$(mounts)
	for to in / /proc /proc/sys; do
		rm -f "$r/dev"
		ln -s "$to" "$r/dev"
		run jail "$r" /x
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: /dev in the new root leads to $to inside it" ]
	done
	rm "$r/dev"
	ln -s etc "$r/dev"	# elsewhere inside: followed, as before
	run -127 jail "$r" /x
	[ "$output" = "nsroot: exec /x: No such file or directory" ]
	[ "$(mounts)" = "$before" ]
}

@test "nsroot: a missing mount point is made inside NEWROOT, and removed after" {
	requires_root
	before=$(cd "$ROOTFS" && find . | sort)
	run "$NSROOT" -v "$marker:/new/dir/file" -v /etc:/etc/more -t /fresh "$ROOTFS" \
		sh -c 'cat /new/dir/file; ls /etc/more/hostname; touch /fresh/x && echo ok'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf "the host's file\n/etc/more/hostname\nok")" ]
	[ "$(cd "$ROOTFS" && find . | sort)" = "$before" ]
}

@test "nsroot: inside, a fresh /proc and a minimal /dev" {
	requires_unprivileged_userns
	run jail "$ROOTFS" sh -c 'ps -e -o pid=,comm=; ls /dev; echo x >/dev/null && head -c 4 /dev/zero | wc -c'
	[ "$status" -eq 0 ]
	[ "$(echo ${lines[0]})" = "1 nsroot" ]
	[ "$(echo ${lines[1]})" = "2 sh" ]
	[ "$(echo ${lines[2]})" = "3 ps" ]
	devs=$(printf '%s\n' "${lines[@]:3}" | head -n -1 | tr '\n' ' ')
	[ "$devs" = "fd full null ptmx pts random stderr stdin stdout tty urandom zero " ]
	[ "${lines[-1]}" = 4 ]
}

@test "nsroot: the host's mount table is unchanged, before, during and after" {
	requires_unprivileged_userns
	before=$(mounts)
	jail -n -i -t /tmp -v "$work:/mnt" "$ROOTFS" sh -c 'touch /mnt/ready; while [ ! -e /mnt/go ]; do sleep 0.05; done' 3>&- &
	wait_until test -e "$work/ready" || true
	[ -e "$work/ready" ]
	during=$(mounts)
	touch "$work/go"
	wait $!
	[ "$during" = "$before" ]
	[ "$(mounts)" = "$before" ]
}

@test "nsroot: on a host whose / is shared, nothing propagates back" {
	requires_root
	run unshare -m --propagation shared sh -c "
		findmnt -no PROPAGATION / | grep -qx shared || exit 3
		before=\$(cat /proc/self/mountinfo)
		'$NSROOT' -v /etc:/mnt:ro -t /tmp '$ROOTFS' true || exit 2
		[ \"\$before\" = \"\$(cat /proc/self/mountinfo)\" ] && echo same"
	[ "$status" -eq 0 ]
	[ "$output" = same ]
}

@test "nsroot: no descriptor beyond 0, 1 and 2 reaches COMMAND" {
	requires_unprivileged_userns
	run sh -c "exec 7</etc/hostname 9>&2; cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' '$ROOTFS' sh -c 'ls /proc/\$\$/fd'"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '0\n1\n2')" ]
}

@test "nsroot: the environment passes, --clearenv empties it, --setenv adds" {
	requires_unprivileged_userns
	run env NSLAB_X=passed "$BASH" -c "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' '$ROOTFS' sh -c 'echo \$NSLAB_X'"
	[ "$status" -eq 0 ]
	[ "$output" = passed ]
	run jail --clearenv --setenv A=1 --setenv B=two=2 "$ROOTFS" /usr/bin/env
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'A=1\nB=two=2')" ]
}

@test "nsroot: -H, -w and -t" {
	requires_unprivileged_userns
	run jail -H jail -w /etc -t /tmp -t /mnt:1m "$ROOTFS" sh -c \
		'hostname; pwd; grep -E " /(tmp|mnt) " /proc/self/mountinfo | grep -o "size=[0-9]*k"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = jail ]
	[ "${lines[1]}" = /etc ]
	[ "${lines[-2]}" = "size=65536k" ]
	[ "${lines[-1]}" = "size=1024k" ]
	[ "$(hostname)" != jail ]
}

@test "nsroot: an init reaps orphans, and what COMMAND leaves behind is killed" {
	requires_unprivileged_userns
	start=$(date +%s)
	run jail "$ROOTFS" sh -c "sleep $nap & (sleep 0.2 &); sleep 0.5; ps -e -o stat=,comm= | grep -c Z; echo left"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = left ]
	[ $(($(date +%s) - start)) -lt 5 ]
	[ -z "$(tagged)" ]
}

@test "nsroot: --as-pid-1 runs COMMAND as PID 1, without init" {
	requires_unprivileged_userns
	run jail --as-pid-1 "$ROOTFS" sh -c 'echo $$; ps -e -o pid=,comm='
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1 ]
	[ "$(echo ${lines[1]})" = "1 sh" ]
}

@test "nsroot: the signals nsroot receives reach COMMAND" {
	requires_unprivileged_userns
	for sig in INT TERM HUP QUIT USR1 USR2; do
		rm -f "$work/ready"
		# A job in the background starts with SIGINT and SIGQUIT ignored;
		# at a terminal they are not: give them back their defaults.
		(cd "$work" && exec $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
			env --default-signal=INT,QUIT "$NSROOT" -v "$work:/mnt" "$ROOTFS" sh -c \
			"trap 'echo got $sig >/mnt/out; exit 42' $sig; touch /mnt/ready; while :; do sleep 0.05; done" \
			>"$work/log" 2>&1 3>&-) &
		pid=$!
		wait_until test -e "$work/ready" || true
		[ -e "$work/ready" ]
		kill -"$sig" "$pid"
		status=0
		wait "$pid" || status=$?
		echo "$sig: $status"
		[ "$status" -eq 42 ]
		[ "$(cat "$work/out")" = "got $sig" ]
	done
}

@test "nsroot: a COMMAND that stopped itself still ends on SIGTERM or SIGHUP to nsroot, as under timeout(1)" {
	requires_unprivileged_userns
	for sig in TERM HUP; do
		rm -f "$work/ready"
		# sh stops itself (as Ctrl-Z would): the init continues it after
		# forwarding the signal, which a stopped process would hold.
		# Without a terminal (setsid): with one, nsroot stops with the
		# jail, as a job does, and a shell's kill would continue it too.
		(cd "$work" && exec $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) \
			setsid "$NSROOT" -v "$work:/mnt" "$ROOTFS" sh -c \
			"touch /mnt/ready; kill -STOP \$\$; echo continued >/mnt/out" \
			>"$work/log" 2>&1 3>&-) &
		pid=$!
		wait_until test -e "$work/ready" || true
		[ -e "$work/ready" ]
		sleep 0.3	# until it has stopped
		kill -"$sig" "$pid"
		status=0
		timeout 10 tail --pid="$pid" -f /dev/null || kill -KILL "$pid"
		wait "$pid" || status=$?
		echo "$sig: $status"
		[ "$status" -eq $((128 + $(kill -l "$sig"))) ]
		[ ! -e "$work/out" ]
	done
}

@test "nsroot: a caller that ignores SIGCHLD: nsroot still sees COMMAND end, and exits with its status" {
	requires_unprivileged_userns
	# SIG_IGN for SIGCHLD passes through exec (bash's trap '' does it), and
	# makes the kernel reap children itself: waitpid would never see them
	run unpriv timeout -s KILL 10 "$BASH" -c "trap '' CHLD; exec '$NSROOT' '$ROOTFS' sh -c 'echo ran; exit 3'"
	[ "$status" -eq 3 ]
	[ "$output" = ran ]
}

@test "nsroot: if nsroot dies, even of SIGKILL, the whole jail dies" {
	requires_unprivileged_userns
	"$NSROOT" "$ROOTFS" sh -c "sleep $nap & sleep $nap" >/dev/null 2>&1 3>&- &
	pid=$!
	wait_until tagged_count 2 || true
	[ "$(tagged | wc -l)" -eq 2 ]
	kill -KILL "$pid"
	wait_until tagged_count 0 || true
	[ -z "$(tagged)" ]
}

@test "nsroot: --time-limit kills the jail and exits 124" {
	requires_unprivileged_userns
	start=$(date +%s%N)
	run jail --time-limit 1 "$ROOTFS" sleep "$nap"
	elapsed_ms=$((($(date +%s%N) - start) / 1000000))
	[ "$status" -eq 124 ]
	[ -z "$output" ]
	[ "$elapsed_ms" -ge 1000 ]
	[ "$elapsed_ms" -lt 3000 ]
	[ -z "$(tagged)" ]
}

@test "nsroot: -k keeps the old root at -o, default /mnt" {
	requires_unprivileged_userns
	run jail -k "$ROOTFS" cat "/mnt$marker"
	[ "$status" -eq 0 ]
	[ "$output" = "the host's file" ]
	run jail "$ROOTFS" cat "/mnt$marker"
	[ "$status" -eq 1 ]
}

@test "nsroot: -o may not be /proc or below it: 125, one line (a DEST opened without reading it back is checked too)" {
	requires_unprivileged_userns
	for dir in /proc /proc/sys; do
		run jail -k -o "$dir" "$ROOTFS" true
		[ "$status" -eq 125 ]
		[ "$output" = "nsroot: old root: mount point $dir leads to $dir inside the new root" ]
	done
	# through a symlink, resolved: the init's /proc/self
	run jail -k -o /proc/self "$ROOTFS" true
	[ "$status" -eq 125 ]
	[ "$output" = "nsroot: old root: mount point /proc/self leads to /proc/1 inside the new root" ]
	[ -z "$(tagged)" ]
}

@test "nsroot: --verbose narrates the set-up from every side, through a pipe" {
	requires_unprivileged_userns
	run sh -c "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' --verbose '$ROOTFS' true 2>&1 | cat"
	[ "$status" -eq 0 ]
	[[ "$output" == *"[parent] clone(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWUTS|CLONE_NEWCGROUP|SIGCHLD) = "[0-9]* ]]
	[[ "$output" == *'[parent] write("/proc/'*'/uid_map", "0 '* ]]
	[[ "$output" == *'[child] pivot_root(".", ".") = 0'* ]]
	[[ "$output" == *"[child] capset({_LINUX_CAPABILITY_VERSION_3, 0}, {0, 0, 0}) = 0"* ]]
	[[ "$output" == *'[command] execvp("true", ...)'* ]]
	[[ "$output" == *"[init] waitpid(-1, [exit 0], WNOHANG|WUNTRACED) = 2, COMMAND"* ]]
}

@test "nsroot: --verbose speaks the steps' dialect, [side] call(arguments) = result, on every line" {
	requires_unprivileged_userns
	run sh -c "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' --verbose -n -t /tmp '$ROOTFS' true 2>&1"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 40 ]
	for line in "${lines[@]}"; do
		[[ "$line" =~ ^\[(parent|child|command|init)\]\ [a-z_0-9]+\(.*\)(\ =\ -?[0-9]+.*)?$ ]] ||
			{ echo "not in call form: $line"; return 1; }
	done
	[[ "$output" == *'[child] ioctl(SIOCSIFFLAGS, "lo", IFF_UP) = 0'* ]]
	[[ "$output" == *'[child] fsconfig('*', FSCONFIG_SET_STRING, "size", "'* ]]
}

@test "nsroot: --verbose narrates a failed call too, and the error still names the object" {
	requires_unprivileged_userns
	run sh -c "cd '$work'; $(is_root && echo setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups) '$NSROOT' --verbose -v /nonexistent-src:/mnt '$ROOTFS' true 2>&1"
	[ "$status" -eq 125 ]
	[[ "$output" == *'[child] open("/nonexistent-src", O_PATH) = -1 (No such file or directory)'* ]]
	printf '%s\n' "${lines[@]}" | grep -Fx "nsroot: volume source /nonexistent-src: No such file or directory"
	# (at a terminal, taking it back comes after: a line, not the last)
	printf '%s\n' "${lines[@]}" | grep -Eqx '\[parent\] waitpid\([0-9]+, \[exit 125\], WNOHANG\) = [0-9]+'
}

@test "nsroot: --help, --version" {
	run "$NSROOT" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: nsroot [OPTION]... [NEWROOT [COMMAND [ARG]...]]" ]
	for opt in --volume --tmpfs --read-only --old-root --keep-old-root --uid-map \
		--gid-map --net --ipc --hostname --workdir --setenv --clearenv --keep-caps \
		--as-pid-1 --new-session --time-limit --verbose --help --version \
		--volume-try --dir --symlink --unsetenv --cap-add --json-status-fd --enter --list; do
		[[ "$output" == *" $opt"* ]]
	done
	run "$NSROOT" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nsroot\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "nsroot: as root, the same jail: root inside, the host untouched" {
	requires_root
	before=$(mounts)
	run "$NSROOT" -n -i -H box "$ROOTFS" sh -c 'id -u; hostname; ps -e -o pid= | wc -l; ip -o link | wc -l'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '0\nbox\n4\n1')" ]
	[ "$(mounts)" = "$before" ]
}

@test "nsroot.1: groff renders it without a warning, and it names every option of --help" {
	run groff -ww -man -z "$NSLAB_REPO/final/nsroot.1"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	help_options=$("$NSROOT" --help | grep -o -- '--[a-z0-9-]*' | sort -u)
	man_options=$(sed -n 's/.*\\-\\-\([a-z0-9\\-]*\).*/--\1/p' "$NSLAB_REPO/final/nsroot.1" | sed 's/\\//g' | sort -u)
	[ -n "$help_options" ]
	for opt in $help_options; do
		printf '%s\n' "$man_options" | grep -qx -- "$opt"
	done
}

@test "make install and uninstall honour PREFIX and DESTDIR" {
	dest=$BATS_TEST_TMPDIR/dest
	run make -s -C "$NSLAB_REPO" install DESTDIR="$dest" PREFIX=/opt/nslab
	[ "$status" -eq 0 ]
	[ -x "$dest/opt/nslab/bin/nsroot" ]
	[ -f "$dest/opt/nslab/share/man/man1/nsroot.1" ]
	run "$dest/opt/nslab/bin/nsroot" --version
	[[ "$output" == "nsroot "* ]]
	run make -s -C "$NSLAB_REPO" uninstall DESTDIR="$dest" PREFIX=/opt/nslab
	[ "$status" -eq 0 ]
	[ -z "$(find "$dest" -type f)" ]
}
