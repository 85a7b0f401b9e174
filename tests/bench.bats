# shellcheck disable=SC2154,SC2030,SC2031 # run sets status, output and lines; teardown reads $work
# make bench: the benchmark builds and runs, here with a handful of runs.
load helpers

# A row of every table: a name and a number in its first column. Rows of
# spawn's tables that failed end in a count above 0.
bench_quick() {
	BENCH_RUNS=5 BENCH_CLONES=10 BENCH_JAILS=8 BENCH_OUT=$BATS_TEST_TMPDIR/bench.md \
		run "$NSLAB_REPO/tests/bench/run"
}

# the unprivileged parts, 3 to 8, in the results $1
check_unprivileged_parts() {
	local md row part
	md=$(cat "$1")
	for part in "## 3. nsroot against its floors and its peers, unprivileged" \
		"## 4. Growth" "## 5. Memory" "## 6. Where nsroot's time goes, from the safe floor up" \
		"## 7. The seccomp filter" "## 8. Throughput: K jails at once"; do
		[[ "$md" == *"$part"* ]]
	done
	for row in "| bare floor |" "| safe floor |" "| safe floor, no cgroup namespace |" \
		"| nsroot -n -i |" "| nsroot -n -i, linked statically with glibc" \
		"| nsroot, 100 volumes |" "| nsroot, 100 tmpfs |"; do
		printf '%s\n' "$md" | grep -F "$row" | grep -Eq '\| [0-9]+ \|'
	done
	run grep -cE '^\| [^|]+ \|( [0-9]+ \|){4} [1-9][0-9]* \|( [^|]* \|)?$' "$1"
	[ "$output" = 0 ]
	# the ratios, each with its number
	for row in "nsroot -n -i / safe floor" "nsroot -n -i / bare floor" \
		"safe floor / bare floor" "safe floor / safe floor, no cgroup namespace"; do
		printf '%s\n' "$md" | grep -Eq "^\| $row \| [0-9]+\.[0-9]{3} \|"
	done
	printf '%s\n' "$md" | grep -Eq '^\| nsroot -n -i / safe floor \| [0-9.]+ \| [0-9.]+ \| ≤ 1.05 \|$'
	[[ "$md" == *"Load average at the end: "[0-9]* ]]
	[[ "$md" == *"- each extra volume: "*" µs"* ]]
	[[ "$md" == *"- each extra tmpfs: "*" µs"* ]]
	# (the unmount is a difference of two runs: a handful may make it negative)
	printf '%s\n' "$md" | grep -Eq '^- the kernel alone, for one tmpfs: [0-9.]+ µs to mount it and -?[0-9.]+ µs to unmount it, -?[0-9.]+ µs in all$'
	printf '%s\n' "$md" | grep -Eq '^\| kernel: bind one directory \(open_tree, move_mount\) \| [0-9.]+ \|$'
	[[ "$md" == *"| nsroot, the parent | "[0-9]*" KiB |"* ]]
	printf '%s\n' "$md" | grep -Eq "^\| build nsroot's filter \(for a --seccomp-deny, say\) \| [0-9.]+ µs \| [0-9.]+ µs \|\$"
	printf '%s\n' "$md" | grep -Eq "^\| prepare the default filter \(make built it\) \| [0-9.]+ µs \| [0-9.]+ µs \|\$"
	printf '%s\n' "$md" | grep -Eq '^\| install it \(the kernel checks and compiles it\) \| [0-9.]+ µs \| [0-9.]+ µs \|$'
	printf '%s\n' "$md" | grep -Eq "^\| getppid\(2\), under nsroot's filter \| [0-9]+ ns \| [0-9]+ ns \|\$"
	printf '%s\n' "$md" | grep -Eq "^\| install the safe floor's filter of one rule instead \| [0-9.]+ µs \| [0-9.]+ µs \|\$"
	# part 6: each row against nsroot's, round by round, with its interval;
	# then from the safe floor up, one line per part, each with a number
	# and its interval (a noisy handful of runs may make one negative)
	for row in "safe floor -N" "nsroot --seccomp none: no system call filter" \
		"nsroot -n: a network namespace"; do
		printf '%s\n' "$md" |
			grep -Eq "^\| $row \|( [0-9]+ \|){4} 0 \| [-+][0-9]+ \([-+][0-9]+ to [-+][0-9]+\) \|\$"
	done
	for part in "nsroot above the safe floor" "the network namespace, lo up included" \
		"the IPC namespace" "the init between nsroot and COMMAND" "dropping every capability" \
		"the seccomp filter, installed" "the cgroup namespace"; do
		printf '%s\n' "$md" | grep -Eq "^- $part: -?[0-9]+ µs \(-?[0-9]+ to -?[0-9]+\)\$"
	done
	# part 8: K = 1, 2, 4, 8, nsroot's rate a number above 0, none failed
	for k in 1 2 4 8; do
		printf '%s\n' "$md" | grep -Eq "^\| $k \| [1-9][0-9]* \|( [0-9]+ \|)* 0 \|\$"
	done
}

@test "bench: every part runs and writes its tables" {
	requires_root
	before=$(cksum <"$NSLAB_REPO/tests/bench/RESULTS.md")
	bench_quick
	[ "$status" -eq 0 ]
	md=$(cat "$BATS_TEST_TMPDIR/bench.md")
	for part in "## 1. The kernel floor" "## 2. Each step and nsroot"; do
		[[ "$md" == *"$part"* ]]
	done
	# every namespace has its row with a number
	for row in "| none (fork) |" "| USER |" "| NS (mount) |" "| PID |" "| UTS |" \
		"| IPC |" "| NET |" "| CGROUP |" "| step6 -U -p -m -u -n -i -r |"; do
		printf '%s\n' "$md" | grep -F "$row" | grep -Eq '\| [0-9]+ \|'
	done
	check_unprivileged_parts "$BATS_TEST_TMPDIR/bench.md"
	# as root, the peers are there (the bench installs bubblewrap)
	[[ "$md" == *"| unshare -Urmpfuin --root --mount-proc | "[0-9]* ]]
	[[ "$md" == *"| bwrap --unshare-all | "[0-9]* ]]
	printf '%s\n' "$md" | grep -Eq '^\| nsroot -n -i / bwrap \| [0-9.]+ \| [0-9.]+ \| ≤ 0.52 \|$'
	[[ "$md" != *"## Skipped"* ]]
	# the tracked results are left as they were
	[ "$(cksum <"$NSLAB_REPO/tests/bench/RESULTS.md")" = "$before" ]
}

@test "bench: without root, the unprivileged parts run and the others are said to be skipped" {
	requires_root
	requires_unprivileged_userns
	# a copy of the tree that uid 65534 may build in and write to
	work=$NSLAB_BIN/bench-$BATS_TEST_NUMBER
	mkdir -p "$work"
	cp -a "$NSLAB_REPO" "$work/repo"
	chown -R "$NOBODY:$NOBODY" "$work"
	BENCH_RUNS=5 BENCH_CLONES=10 BENCH_JAILS=8 BENCH_OUT=$work/bench.md \
		run unpriv "$work/repo/tests/bench/run"
	[ "$status" -eq 0 ]
	md=$(cat "$work/bench.md")
	[[ "$md" != *"## 1. The kernel floor"* ]]
	[[ "$md" != *"## 2. Each step"* ]]
	[[ "$md" == *"unprivileged (uid 65534, not root)"* ]]
	[[ "$md" == *"- parts 1 and 2 (the kernel floor, the steps): they need root"* ]]
	[[ "$output" == *"bench: skipped parts 1 and 2 (the kernel floor, the steps): they need root"* ]]
	check_unprivileged_parts "$work/bench.md"
}

teardown() {
	[ -z "${work:-}" ] || rm -rf "$work"
}
