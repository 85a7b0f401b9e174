# shellcheck disable=SC2154 # run sets status and output
# tests/fuzz: each libFuzzer target of nsroot's parsers builds, replays its
# seed corpus (every crash ever found is in it) and fuzzes for a few seconds.
# make fuzz runs them for longer.
load helpers

# fuzz TARGET: build tests/fuzz/fuzz_TARGET.c and run it for 3 seconds.
fuzz() {
	command -v clang >/dev/null || skip "clang is not installed (apt-get install clang)"
	local bin=$BATS_TEST_TMPDIR/fuzz_$1
	(cd "$NSLAB_REPO" && clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o "$bin" "tests/fuzz/fuzz_$1.c" \
		final/options.c final/idmap.c final/util.c final/seccomp.c final/limits.c \
		final/caps.c)
	mkdir -p "$BATS_TEST_TMPDIR/corpus"
	run "$bin" -max_total_time=3 -artifact_prefix="$BATS_TEST_TMPDIR/" \
		"$BATS_TEST_TMPDIR/corpus" "$NSLAB_REPO/tests/fuzz/corpus/$1"
	printf '%s\n' "$output" | tail -n 5
	[ "$status" -eq 0 ]
	[[ "$output" == *"INFO: seed corpus: files: "* ]]
	[[ "${lines[-1]}" =~ ^Done\ [0-9]+\ runs ]]
	[ -z "$(find "$BATS_TEST_TMPDIR" -maxdepth 1 -name 'crash-*')" ]
}

@test "fuzz: -v and -t specs" { fuzz volume; }
@test "fuzz: -M and -G maps" { fuzz idmap; }
@test "fuzz: --time-limit and paths" { fuzz numbers; }
@test "fuzz: the whole command line" { fuzz options; }

@test "fuzz: a target reports a crash, with a non-zero exit" {
	command -v clang >/dev/null || skip "clang is not installed (apt-get install clang)"
	cat >"$BATS_TEST_TMPDIR/broken.c" <<'C'
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > 0 && d[0] == 'x')
		abort();
	return 0;
}
C
	clang -fsanitize=fuzzer -o "$BATS_TEST_TMPDIR/broken" "$BATS_TEST_TMPDIR/broken.c"
	mkdir -p "$BATS_TEST_TMPDIR/seeds"
	printf x >"$BATS_TEST_TMPDIR/seeds/x"
	run "$BATS_TEST_TMPDIR/broken" -runs=10 -artifact_prefix="$BATS_TEST_TMPDIR/" "$BATS_TEST_TMPDIR/seeds"
	[ "$status" -ne 0 ]
	[[ "$output" == *"deadly signal"* ]]
}
