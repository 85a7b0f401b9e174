# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
# The lessons never lie: every transcript in every README is run and
# compared by scripts/check-lessons, which has tests of its own here.
load helpers

setup() {
	CHECK=$NSLAB_REPO/scripts/check-lessons
}

# check_readme PATH: every command of PATH's transcripts gives its output.
check_readme() {
	run "$CHECK" "$1"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	if is_root; then
		[[ "${lines[-1]}" =~ ^check-lessons:\ [1-9][0-9]*\ commands\ ok,\ 0\ failed,\ 0\ skipped$ ]]
	elif [[ "${lines[-1]}" == "check-lessons: 0 commands ok, 0 failed, "* ]]; then
		skip "its commands need root, or follow one that does"
	fi
}

@test "lessons: README.md (lesson 0) tells the truth" { check_readme README.md; }
@test "lessons: step1-pid/README.md tells the truth" { check_readme step1-pid/README.md; }
@test "lessons: step2-mnt/README.md tells the truth" { check_readme step2-mnt/README.md; }
@test "lessons: step3-uts/README.md tells the truth" { check_readme step3-uts/README.md; }
@test "lessons: step4-net/README.md tells the truth" { check_readme step4-net/README.md; }
@test "lessons: step5-ipc/README.md tells the truth" { check_readme step5-ipc/README.md; }
@test "lessons: step6-user-pivot/README.md tells the truth" { check_readme step6-user-pivot/README.md; }
@test "lessons: final/README.md tells the truth" { check_readme final/README.md; }

@test "lessons: every README with a transcript is checked by a test here" {
	checked=$(grep -o 'check_readme [^;]*' "$BATS_TEST_FILENAME" | sed -n 's/^check_readme \([^ ]*README.md\)$/\1/p' | sort)
	with_transcripts=$(cd "$NSLAB_REPO" && find . -name README.md -not -path './build/*' \
		-exec grep -l '^```console' {} + | sed 's|^\./||' | sort)
	[ -n "$with_transcripts" ]
	[ "$checked" = "$with_transcripts" ]
}


@test "check-lessons: a right transcript passes, a wrong one fails with a diff" {
	mkdir -p "$BATS_TEST_TMPDIR/tree/lesson-test-tmp"
	cat >"$BATS_TEST_TMPDIR/tree/lesson-test-tmp/README.md" <<'MD'
Some prose, and a block that is not a transcript:

```sh
$ false
```

```console
$ echo hello; echo world
hello
world
$ echo wrong
right
$ printf 'a\nb\n'; exit 3
a
b
```
MD
	run "$CHECK" --root "$BATS_TEST_TMPDIR/tree" lesson-test-tmp/README.md
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = 'ok lesson-test-tmp/README.md:8 $ echo hello; echo world' ]
	[ "${lines[1]}" = 'FAIL lesson-test-tmp/README.md:11 $ echo wrong' ]
	[[ "$output" == *"    -right"*"    +wrong"* ]]
	[[ "$output" == *'ok lesson-test-tmp/README.md:13 $ printf'* ]]
	[ "${lines[-1]}" = "check-lessons: 2 commands ok, 1 failed, 0 skipped" ]
}

@test "check-lessons: ... stands for any text in a line, or for any lines" {
	mkdir -p "$BATS_TEST_TMPDIR/tree/lesson-test-tmp"
	cat >"$BATS_TEST_TMPDIR/tree/lesson-test-tmp/README.md" <<'MD'
```console
$ echo "pid 4242 is up"
pid ... is up
$ printf 'first\nsecond\nthird\nlast\n'
first
...
last
$ echo "no wildcard here"
no ... here but more
$ printf 'a\nb\n'
a
```
MD
	run "$CHECK" --root "$BATS_TEST_TMPDIR/tree" lesson-test-tmp/README.md
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "ok "* ]]
	[[ "${lines[1]}" == "ok "* ]]
	[[ "$output" == *'FAIL lesson-test-tmp/README.md:8 $ echo "no wildcard here"'* ]]
	[[ "$output" == *"FAIL lesson-test-tmp/README.md:10 \$ printf 'a\\nb\\n'"* ]]
	[ "${lines[-1]}" = "check-lessons: 2 commands ok, 2 failed, 0 skipped" ]
}

@test "check-lessons: \$ runs as an ordinary user, \$ sudo as root" {
	requires_root
	mkdir -p "$BATS_TEST_TMPDIR/tree/lesson-test-tmp"
	cat >"$BATS_TEST_TMPDIR/tree/lesson-test-tmp/README.md" <<'MD'
```console
$ id -u
65534
$ sudo id -u
0
```
MD
	run "$CHECK" --root "$BATS_TEST_TMPDIR/tree" lesson-test-tmp/README.md
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "check-lessons: 2 commands ok, 0 failed, 0 skipped" ]
}

@test "lessons: every picture a README shows exists and renders" {
	pictures=$(cd "$NSLAB_REPO" && grep -o '([^)]*\.svg)' README.md final/README.md step*/README.md |
		sed 's/^\([^:]*\):(\(.*\))$/\1 \2/')
	[ -n "$pictures" ]
	while read -r readme svg; do
		file=$NSLAB_REPO/$(dirname "$readme")/$svg
		[ -f "$file" ]
		run rsvg-convert "$file" -o "$BATS_TEST_TMPDIR/picture.png"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
		[ "$(wc -c <"$BATS_TEST_TMPDIR/picture.png")" -gt 1000 ]
	done <<<"$pictures"
}

@test "lessons: the same count at a terminal and without one" {
	run script -qec "$CHECK" /dev/null </dev/null
	at_terminal=$(printf '%s\n' "$output" | tr -d '\r' | tail -n 1)
	run setsid -w "$CHECK" </dev/null
	without=${lines[-1]}
	echo "at a terminal: $at_terminal"
	echo "without one:   $without"
	[[ "$without" =~ ^check-lessons:\ [1-9][0-9]*\ commands\ ok,\ 0\ failed, ]]
	[ "$at_terminal" = "$without" ]
}

@test "lessons: a wrong fact slipped into a transcript fails" {
	tree=$BATS_TEST_TMPDIR/tree
	mkdir -p "$tree"
	(cd "$NSLAB_REPO" && tar --exclude=./.git --exclude=./build --exclude='*/rootfs' -cf - .) |
		(cd "$tree" && tar -xf -)
	run "$CHECK" --root "$tree" step1-pid/README.md
	[ "$status" -eq 0 ]
	# The usage error's status is 125, not 1.
	line=$(grep -n -A2 '^\$ ./ns -x;' "$tree/step1-pid/README.md" | sed -n 's/^\([0-9]*\)-exit status 125$/\1/p')
	[ -n "$line" ]
	sed -i "${line}s/125/1/" "$tree/step1-pid/README.md"
	run "$CHECK" --root "$tree" step1-pid/README.md
	[ "$status" -eq 1 ]
	[[ "$output" == *'FAIL step1-pid/README.md:'*' $ ./ns -x; echo "exit status $?"'* ]]
	[[ "$output" == *"    -exit status 1"*"    +exit status 125"* ]]
	[[ "${lines[-1]}" =~ ^check-lessons:\ [1-9][0-9]*\ commands\ ok,\ 1\ failed, ]]
}

@test "lessons: make diff works when typed in a lesson's folder" {
	# as a learner types it: not inside make test's own make
	unset MAKEFLAGS MFLAGS MAKELEVEL
	run make -s -C "$NSLAB_REPO" diff STEP=2
	[ "$status" -eq 0 ]
	at_top=$output
	# the lesson's title, from step 2's header, then the diff of the code
	[ "${lines[0]}" = "step2-mnt/ns.c - Lesson 2: a mount table of its own, and a /proc to match." ]
	[ "$(printf '%s\n' "$output" | grep -A1 '^--- ')" = "$(printf '%s\n' '--- step1-pid/ns.c' '+++ step2-mnt/ns.c')" ]
	[ "$(printf '%s\n' "$output" | sed -n '/^--- /,$p' | grep -c 'Lesson [0-9]:')" -eq 0 ]	# no header in the diff
	run sh -c "cd '$NSLAB_REPO/step2-mnt' && make diff STEP=2"
	[ "$status" -eq 0 ]
	[ "$output" = "$at_top" ]
	run sh -c "cd '$NSLAB_REPO/step2-mnt' && make diff"
	[ "$status" -eq 0 ]
	[ "$output" = "$at_top" ]
	run sh -c "cd '$NSLAB_REPO/step4-net' && make diff"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "step4-net/ns.c - Lesson 4: a network stack of its own." ]
	[ "$(printf '%s\n' "$output" | grep -A1 '^--- ')" = "$(printf '%s\n' '--- step3-uts/ns.c' '+++ step4-net/ns.c')" ]
}

@test "check-lessons: a command runs at a terminal of its own, the user's without sbin on PATH" {
	mkdir -p "$BATS_TEST_TMPDIR/tree/lesson-test-tmp"
	cat >"$BATS_TEST_TMPDIR/tree/lesson-test-tmp/README.md" <<'MD'
```console
$ [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && tty
/dev/pts/...
$ echo "$PATH"
/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games
$ [ "$(ps -o sid= -p $$)" -eq "$(ps -o pid= -p $$)" ] && echo "a session of its own"
a session of its own
```
MD
	run setsid -w "$CHECK" --root "$BATS_TEST_TMPDIR/tree" lesson-test-tmp/README.md </dev/null
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "check-lessons: 3 commands ok, 0 failed, 0 skipped" ]
}
