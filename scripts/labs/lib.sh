# scripts/labs/lib.sh - what scripts/lab and scripts/grade share: where the
# steps are, and the lab file of a step (scripts/labs/STEP.lab), held
# against the step's sources every time it is read, so that it cannot drift.
#
# A lab file has two kinds of entries, each a first line and indented lines:
#
#   todo PATTERN        the next hunk of the lesson's diff (diff -U3 of the
#       TEXT...         two ns.c, their header comments left out) contains
#                       PATTERN, a fixed string; TEXT is its TODO
#   check NAME          a test of tests/STEP.bats, in the file's order
#       new             (when step N-1's program fails it)
#       hint TEXT       what to look at when it fails
#       see SECTION     a "## SECTION" heading of STEP/README.md
#
# Lines starting with '#' are comments. Sourced with $root set to the
# repository and $tmp a scratch folder; every function prints its errors
# on stderr and returns 1.
# shellcheck shell=sh
# shellcheck disable=SC2034,SC2154 # sets and uses the callers' variables

STEPS="step1-pid step2-mnt step3-uts step4-net step5-ipc step6-user-pivot"

# lab_step N: set $step (step3-uts), $prev (step2-mnt, empty for step 1),
# $lab_file and $bats_file for step N, or fail.
lab_step() {
	case "$1" in
	[1-6]) ;;
	*) echo "scripts/${0##*/}: step '$1': a number from 1 to 6" >&2; return 1 ;;
	esac
	step=$(echo "$STEPS" | cut -d' ' -f"$1")
	prev=
	[ "$1" -eq 1 ] || prev=$(echo "$STEPS" | cut -d' ' -f$(($1 - 1)))
	lab_file=$root/scripts/labs/$step.lab
	bats_file=$root/tests/$step.bats
}

# header FILE / body FILE: a step's header comment (up to its " */"), and
# the rest.
header() { sed -n '1,/^ \*\//p' "$1"; }
body() { sed '1,/^ \*\//d' "$1"; }

# lab_entries KIND: the entries of one kind, one per line, the first line
# and the indented ones joined by a tab (their own tabs dropped).
lab_entries() {
	awk -v kind="$1" '
		/^#/ || /^$/ { next }
		/^[^\t]/ { if (entry != "") print entry; entry = ""
			   if ($1 == kind) entry = substr($0, length(kind) + 2); next }
		entry != "" { sub(/^\t+/, ""); entry = entry "\t" $0 }
		END { if (entry != "") print entry }' "$lab_file"
}

# check_field NAME FIELD: the hint, see or new line of check NAME.
check_field() {
	lab_entries check | awk -F '\t' -v name="$1" -v field="$2" '
		$1 == name { for (i = 2; i <= NF; i++)
			if ($i == field || index($i, field " ") == 1) {
				print substr($i, length(field) + 2); exit } }'
}

# check_is_new NAME: does step N-1's program fail check NAME?
check_is_new() {
	lab_entries check | awk -F '\t' -v name="$1" '
		$1 == name { for (i = 2; i <= NF; i++) if ($i == "new") found = 1 }
		END { exit !found }'
}

# test_names: the names of the tests of tests/STEP.bats, in order.
test_names() {
	sed -n 's/^@test "\(.*\)" {.*/\1/p' "$bats_file"
}

# lab_verify_checks: every test has its check entry, in order, and every
# entry names a section of the lesson.
lab_verify_checks() {
	lab_entries check | cut -f1 >"$tmp/checks"
	test_names >"$tmp/test-names"
	if ! diff -u --label "$lab_file" --label "$bats_file" "$tmp/checks" "$tmp/test-names" >&2; then
		echo "scripts/${0##*/}: the checks of $lab_file are not the tests of $bats_file" >&2
		return 1
	fi
	while IFS= read -r name; do
		section=$(check_field "$name" see)
		if [ -z "$(check_field "$name" hint)" ] || [ -z "$section" ]; then
			echo "scripts/${0##*/}: $lab_file: check '$name' needs a hint and a see line" >&2
			return 1
		fi
		if ! grep -qxF "## $section" "$root/$step/README.md"; then
			echo "scripts/${0##*/}: $lab_file: check '$name': no section '$section' in $step/README.md" >&2
			return 1
		fi
	done <"$tmp/checks"
}
