# shellcheck disable=SC2154 # run sets status, output and lines
# make bench: the benchmark builds and runs, here with a handful of runs.
load helpers

@test "bench: every part runs and writes its tables" {
	requires_root
	BENCH_RUNS=5 BENCH_CLONES=10 BENCH_OUT=$BATS_TEST_TMPDIR/bench.md \
		run "$NSLAB_REPO/tests/bench/run"
	[ "$status" -eq 0 ]
	md=$(cat "$BATS_TEST_TMPDIR/bench.md")
	for part in "## 1. The kernel floor" "## 2. Each step and nsroot" \
		"## 3. nsroot against unshare" "## 4. Growth" "## 5. Memory" \
		"## 6. Where nsroot's time goes" "## 7. The seccomp filter"; do
		[[ "$md" == *"$part"* ]]
	done
	# every namespace has its row with a number, and nothing failed
	for row in "| none (fork) |" "| USER |" "| NS (mount) |" "| PID |" "| UTS |" \
		"| IPC |" "| NET |" "| CGROUP |" "| nsroot -n -i |" "| nsroot -n -i, linked with glibc |" "| step6 -U -p -m -u -n -i -r |" \
		"| nsroot, 100 volumes |" "| nsroot, 100 tmpfs |"; do
		printf '%s\n' "$md" | grep -F "$row" | grep -Eq '\| [0-9]+ \|'
	done
	run grep -cE '^\| [^|]+ \|( [0-9]+ \|){4} [1-9][0-9]* \|$' "$BATS_TEST_TMPDIR/bench.md"
	[ "$output" = 0 ]
	[[ "$md" == *"- nsroot / unshare"*": "[0-9]* ]]
	[[ "$md" == *"- each extra volume: "*" µs"* ]]
	[[ "$md" == *"| nsroot, the parent | "[0-9]*" KiB |"* ]]
	printf '%s\n' "$md" | grep -Eq '^\| build and install the filter, once per run \| [0-9.]+ µs \|$'
	printf '%s\n' "$md" | grep -Eq '^\| getppid\(2\), under the filter \| [0-9]+ ns \|$' 
	# part 6: one line per part left out, each with a number (a noisy
	# handful of runs may make one negative)
	for part in "the network namespace, lo up included" "the IPC namespace" \
		"the init between nsroot and COMMAND" "dropping every capability" \
		"the seccomp filter, built and installed" "the cgroup namespace"; do
		printf '%s\n' "$md" | grep -Eq "^- $part: -?[0-9]+ µs\$"
	done
}
