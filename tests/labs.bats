# shellcheck disable=SC2154,SC2030,SC2031 # run sets status, output, lines; each @test is a subshell by design
# The labs: make lab hands out step N-1 with lesson N's TODOs, make grade
# runs step N's checks against a student's program, and tells a right
# answer from a wrong one.
load helpers

steps=(- step1-pid step2-mnt step3-uts step4-net step5-ipc step6-user-pivot)

# grade N FILE...: scripts/grade, with the suite's rootfs for step 6.
# Its report shows when a test fails.
grade() {
	run env ROOTFS="$ROOTFS" "$NSLAB_REPO/scripts/grade" "$@"
	printf '%s\n' "$output"
}

# checks N: how many checks lab N has: the tests of step N, and the build.
checks() {
	echo $(($(grep -c '^@test ' "$NSLAB_REPO/tests/${steps[$1]}.bats") + 1))
}

# failed: the checks that FAILed in $output, one a line, sorted.
failed() {
	printf '%s\n' "$output" | sed -n 's/^FAIL  //p' | sort
}

# new_checks N: the checks that lab N's file says step N-1 fails, sorted.
new_checks() {
	awk '/^check / { name = substr($0, 7) } /^\tnew$/ { print name }' \
		"$NSLAB_REPO/scripts/labs/${steps[$1]}.lab" | sort
}

# make_lab N: lab N in $BATS_TEST_TMPDIR/lab; its ns.c in $lab.
make_lab() {
	run "$NSLAB_REPO/scripts/lab" "$1" "$BATS_TEST_TMPDIR/lab"
	[ "$status" -eq 0 ]
	lab=$BATS_TEST_TMPDIR/lab/${steps[$1]}/ns.c
	[ "$output" = "scripts/lab: wrote $BATS_TEST_TMPDIR/lab/${steps[$1]}/ns.c and $BATS_TEST_TMPDIR/lab/${steps[$1]}/TASKS.md" ]
}

# copy_tree DIR: the repository's files in DIR, which every user can read.
copy_tree() {
	mkdir -p "$1"
	(cd "$NSLAB_REPO" && { git ls-files 2>/dev/null || find . -type f -not -path './.git/*'; } |
		xargs tar -cf -) | (cd "$1" && tar -xf -)
	chmod -R a+rX "$1"
}

teardown() {
	rm -rf "${tree:-}"
}

@test "labs: lab N is step N-1 under step N's header, with one TODO a hunk of the lesson" {
	for n in 2 3 4 5 6; do
		make_lab "$n"
		cur=$NSLAB_REPO/${steps[$n]}/ns.c
		prev=$NSLAB_REPO/${steps[$n - 1]}/ns.c
		# One TODO for each hunk of make diff STEP=N, its header left out.
		hunks=$(diff -U3 <(sed '1,/^ \*\//d' "$prev") <(sed '1,/^ \*\//d' "$cur") | grep -c '^@@')
		echo "lab $n: $hunks hunks, $(grep -c "/\\* TODO $n\\.[0-9]*: " "$lab") TODOs"
		[ "$(grep -c "/\\* TODO $n\\.[0-9]*: " "$lab")" -eq "$hunks" ]
		# Without its TODOs, the lab is step N-1 under step N's header.
		diff <(awk '/\/\* TODO [0-9.]+: / { skip = 1 } !skip { print } skip && /\*\/$/ { skip = 0 }' "$lab") \
			<(sed -n '1,/^ \*\//p' "$cur"; sed '1,/^ \*\//d' "$prev")
		# It builds as it is, warning-free, and runs as step N-1 does.
		gcc -std=c11 -Wall -Wextra -Wshadow -Werror -o "$BATS_TEST_TMPDIR/ns" "$lab"
		run "$BATS_TEST_TMPDIR/ns" -h
		[ "$status" -eq 0 ]
		[ "$output" = "$("$NSLAB_REPO/${steps[$n - 1]}/ns" -h | sed 's/usage: ns/usage: ns/')" ]
	done
}

@test "labs: the task sheet lists each TODO at its line, and every check" {
	make_lab 6
	sheet=$BATS_TEST_TMPDIR/lab/step6-user-pivot/TASKS.md
	[ "$(head -n 1 "$sheet")" = "# Lab 6: no root needed, and a root of its own" ]
	grep -qx 'Read: user_namespaces(7), pivot_root(2), chroot(2)' "$sheet"
	todos=$(grep -c '^- TODO 6\.' "$sheet")
	[ "$todos" -eq "$(grep -c '/\* TODO 6\.' "$lab")" ]
	while read -r k line; do
		sed -n "${line}p" "$lab" | grep -q "^[[:space:]]*/\\* TODO $k: "
	done < <(sed -n 's/^- TODO \(6\.[0-9]*\), line \([0-9]*\): .*/\1 \2/p' "$sheet")
	while IFS= read -r name; do
		grep -qxF -e "- $name (new)" -e "- $name" "$sheet"
	done < <(sed -n 's/^@test "\(.*\)" {.*/\1/p' "$NSLAB_REPO/tests/step6-user-pivot.bats")
	[ "$(grep -c ' (new)$' "$sheet")" -eq "$(new_checks 6 | wc -l)" ]
}

@test "labs: make lab never overwrites a student's work, unless FORCE=1" {
	run make -s -C "$NSLAB_REPO" lab STEP=3 LABDIR="$BATS_TEST_TMPDIR/lab"
	[ "$status" -eq 0 ]
	lab=$BATS_TEST_TMPDIR/lab/step3-uts/ns.c
	echo '/* my work */' >>"$lab"
	run make -s -C "$NSLAB_REPO" lab STEP=3 LABDIR="$BATS_TEST_TMPDIR/lab"
	[ "$status" -ne 0 ]
	[ "${lines[0]}" = "scripts/lab: $lab exists: your work is kept (FORCE=1 to start over)" ]
	[ "$(tail -n 1 "$lab")" = '/* my work */' ]
	run make -s -C "$NSLAB_REPO" lab STEP=3 LABDIR="$BATS_TEST_TMPDIR/lab" FORCE=1
	[ "$status" -eq 0 ]
	[ "$(tail -n 1 "$lab")" != '/* my work */' ]
	run "$NSLAB_REPO/scripts/lab" 7
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "scripts/lab: step '7': a number from 1 to 6" ]
	run "$NSLAB_REPO/scripts/lab" 1 "$BATS_TEST_TMPDIR/lab"
	[ "$status" -eq 2 ]
	[[ "$output" == "scripts/lab: lab 1: lesson 1 has no step before it"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/lab/step1-pid" ]
}

@test "labs: a step that changes without its lab file is refused, naming what drifted" {
	tree=$(mktemp -d /tmp/nslab-labs.XXXXXX)
	copy_tree "$tree"
	# A new hunk in lesson 3: the TODOs no longer match it.
	sed -i 's|^\tnarrate("child exit status %d", exit_status(wstatus));$|\tnarrate("done");\n&|' \
		"$tree/step3-uts/ns.c"
	grep -qx '	narrate("done");' "$tree/step3-uts/ns.c"
	run "$tree/scripts/lab" 3 "$tree/lab"
	[ "$status" -eq 1 ]
	todos=$(grep -c '^todo ' "$tree/scripts/labs/step3-uts.lab")
	[ "$output" = "scripts/lab: lesson 3's diff has $((todos + 1)) hunks, and $todos TODOs: scripts/labs/ is out of step with the lesson" ]
	[ ! -e "$tree/lab" ]
	# A renamed test: the grader has no hint for it.
	sed -i 's/^@test "step3: a bad option is one line and exit 125"/@test "step3: a bad option is refused"/' \
		"$tree/tests/step3-uts.bats"
	run "$tree/scripts/grade" 3 "$tree/step3-uts/ns.c"
	[ "$status" -eq 2 ]
	[[ "$output" == *'+step3: a bad option is refused'* ]]
	[ "${lines[${#lines[@]} - 1]}" = "scripts/grade: the checks of $tree/scripts/labs/step3-uts.lab are not the tests of $tree/tests/step3-uts.bats" ]
}

# grades_full N: step N's own program grades M/M.
grades_full() {
	grade "$1" "$NSLAB_REPO/${steps[$1]}/ns.c"
	[ "$status" -eq 0 ]
	m=$(checks "$1")
	[ "${lines[0]}" = "grading lab $1 (${steps[$1]}) as root" ] || [[ "${lines[0]}" == *"user namespace"* ]]
	[[ "${lines[1]}" == "PASS  build: $NSLAB_REPO/${steps[$1]}/ns.c compiles"* ]]
	[ "$(printf '%s\n' "$output" | grep -c '^PASS  ')" -eq "$m" ]
	[ "${lines[${#lines[@]} - 1]}" = "score $m/$m" ]
}

@test "grade: step 1's own program grades M/M" { grades_full 1; }
@test "grade: step 2's own program grades M/M" { grades_full 2; }
@test "grade: step 3's own program grades M/M" { grades_full 3; }
@test "grade: step 4's own program grades M/M" { grades_full 4; }
@test "grade: step 5's own program grades M/M" { grades_full 5; }
@test "grade: step 6's own program grades M/M" { grades_full 6; }

# skeleton_fails_new N: the untouched lab N fails each of step N's new
# checks, with its hint, and passes the others.
skeleton_fails_new() {
	make_lab "$1"
	grade "$1" "$lab"
	[ "$status" -eq 1 ]
	[ "$(failed)" = "$(new_checks "$1")" ]
	[ -n "$(failed)" ]
	[[ "${lines[1]}" == "PASS  build: $lab compiles"* ]]
	[ "$(printf '%s\n' "$output" | grep -c '^      hint: .* (.*/README.md, ".*")$')" -eq "$(new_checks "$1" | wc -l)" ]
	m=$(checks "$1")
	[ "${lines[${#lines[@]} - 1]}" = "score $((m - $(new_checks "$1" | wc -l)))/$m" ]
}

@test "grade: the untouched lab 2 fails each of step 2's new checks" { skeleton_fails_new 2; }
@test "grade: the untouched lab 3 fails each of step 3's new checks" { skeleton_fails_new 3; }
@test "grade: the untouched lab 4 fails each of step 4's new checks" { skeleton_fails_new 4; }
@test "grade: the untouched lab 5 fails each of step 5's new checks" { skeleton_fails_new 5; }
@test "grade: the untouched lab 6 fails each of step 6's new checks" { skeleton_fails_new 6; }

@test "grade: each broken solution of tests/labs/ loses exactly the checks about it" {
	for mutant in "$NSLAB_REPO"/tests/labs/*.sed; do
		name=${mutant##*/}
		step=${name%%.*}
		n=${step#step}
		n=${n%%-*}
		mkdir -p "$BATS_TEST_TMPDIR/${name%.sed}"
		broken=$BATS_TEST_TMPDIR/${name%.sed}/ns.c
		sed -f "$mutant" "$NSLAB_REPO/$step/ns.c" >"$broken"
		echo "$name"
		! cmp -s "$broken" "$NSLAB_REPO/$step/ns.c"	# it still breaks something
		grade "$n" "$broken"
		[ "$status" -eq 1 ]
		[ "$(failed)" = "$(sed -n 's/^# loses: //p' "$mutant" | sort)" ]
		m=$(checks "$n")
		[ "${lines[${#lines[@]} - 1]}" = "score $((m - $(grep -c '^# loses: ' "$mutant")))/$m" ]
	done
	[ -n "${name:-}" ]
}

@test "grade: an ordinary user grades every step through unshare -Ur, M/M for the steps' own" {
	requires_unprivileged_userns
	tree=$(mktemp -d /tmp/nslab-labs.XXXXXX)
	copy_tree "$tree"
	for n in 1 2 3 4 5 6; do
		run unpriv env ROOTFS="$ROOTFS" "$tree/scripts/grade" "$n" "$tree/${steps[$n]}/ns.c"
		echo "lab $n: ${lines[${#lines[@]} - 1]}"
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = "grading lab $n (${steps[$n]}) as root of a user namespace of yours (unshare -Ur)" ]
		[ "${lines[${#lines[@]} - 1]}" = "score $(checks "$n")/$(checks "$n")" ]
	done
	# And the untouched lab 3 fails the same checks as it does for root.
	run "$tree/scripts/lab" 3 "$tree/lab"
	[ "$status" -eq 0 ]
	chmod -R a+rX "$tree/lab"
	run unpriv "$tree/scripts/grade" 3 "$tree/lab/step3-uts/ns.c"
	[ "$status" -eq 1 ]
	[ "$(failed)" = "$(new_checks 3)" ]
}

@test "grade: a program that does not build is the first result, with the compiler's words, and 0/M" {
	sed 's/^\tside = "child";$/\tside = "child"/' "$NSLAB_REPO/step3-uts/ns.c" >"$BATS_TEST_TMPDIR/ns.c"
	grade 3 "$BATS_TEST_TMPDIR/ns.c"
	[ "$status" -eq 1 ]
	[[ "${lines[1]}" == "FAIL  build: $BATS_TEST_TMPDIR/ns.c does not compile (cc "* ]]
	line=$(grep -n '^.side = "child"$' "$BATS_TEST_TMPDIR/ns.c" | cut -d: -f1)	# where the ; is missing
	[[ "$output" == *"      $BATS_TEST_TMPDIR/ns.c:$line:"*": error: expected "* ]]
	[ "${lines[${#lines[@]} - 1]}" = "score 0/$(checks 3)" ]
	[ "$(printf '%s\n' "$output" | grep -c '^PASS  ')" -eq 0 ]
}

@test "grade: a folder of submissions gives one score line per student" {
	class=$BATS_TEST_TMPDIR/class
	mkdir -p "$class/alice" "$class/carol"
	cp "$NSLAB_REPO/step3-uts/ns.c" "$class/alice/ns.c"
	make_lab 3
	cp "$lab" "$class/bob.c"
	sed -f "$NSLAB_REPO/tests/labs/step3-uts.no-sethostname.sed" "$NSLAB_REPO/step3-uts/ns.c" >"$class/carol/ns.c"
	run make -s -C "$NSLAB_REPO" grade STEP=3 LAB="$class"
	[ "$status" -ne 0 ]	# make's own status: scripts/grade's was 1
	m=$(checks 3)
	# What scripts/grade says; make adds a line of its own on failure.
	[ "$(printf '%s\n' "$output" | grep -v '^make')" = "$(printf '%s\n' "grading lab 3 (step3-uts) as root" \
		"$m/$m  $class/alice/ns.c" \
		"$((m - $(new_checks 3 | wc -l)))/$m  $class/bob.c" \
		"$((m - 2))/$m  $class/carol/ns.c")" ]
	grade 3 "$class/alice"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$m/$m  $class/alice/ns.c" ]
}

@test "grade: a bad step or a missing file is one line and exit 2" {
	run "$NSLAB_REPO/scripts/grade" 0
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "scripts/grade: step '0': a number from 1 to 6" ]
	run "$NSLAB_REPO/scripts/grade" 3 /nonexistent/ns.c
	[ "$status" -eq 2 ]
	[ "$output" = "scripts/grade: /nonexistent/ns.c: no such file or folder" ]
	run make -s -C "$NSLAB_REPO" grade STEP=3 LABDIR=/nonexistent
	[ "$status" -ne 0 ]
	[ "${lines[0]}" = "scripts/grade: /nonexistent/step3-uts/ns.c: no such file: make lab STEP=3 first" ]
}
