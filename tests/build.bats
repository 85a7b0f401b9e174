# shellcheck disable=SC2154 # run sets status and output
# Every step is one file that builds alone, warning-free, with gcc and clang,
# and the diff between two steps is small: the lesson.
load helpers

# build_alone STEP: cc -o ns ns.c in a copy of the step's folder.
build_alone() {
	local compiler
	for compiler in gcc clang; do
		command -v "$compiler" >/dev/null || continue
		mkdir -p "$BATS_TEST_TMPDIR/$compiler"
		cp "$NSLAB_REPO/$1/ns.c" "$BATS_TEST_TMPDIR/$compiler/ns.c"
		run "$compiler" -std=c11 -Wall -Wextra -Wshadow -Werror -o "$BATS_TEST_TMPDIR/$compiler/ns" \
			"$BATS_TEST_TMPDIR/$compiler/ns.c"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
		run "$BATS_TEST_TMPDIR/$compiler/ns" -h
		[ "$status" -eq 0 ]
		[[ "${lines[0]}" == "usage: ns "* ]]
	done
}

@test "build: step1-pid/ns.c builds alone with gcc and clang, warning-free" { build_alone step1-pid; }
@test "build: step2-mnt/ns.c builds alone with gcc and clang, warning-free" { build_alone step2-mnt; }
@test "build: step3-uts/ns.c builds alone with gcc and clang, warning-free" { build_alone step3-uts; }
@test "build: step4-net/ns.c builds alone with gcc and clang, warning-free" { build_alone step4-net; }
@test "build: step5-ipc/ns.c builds alone with gcc and clang, warning-free" { build_alone step5-ipc; }
@test "build: step6-user-pivot/ns.c builds alone with gcc and clang, warning-free" { build_alone step6-user-pivot; }

@test "build: each step adds under 150 lines to the one before, and removes under 20" {
	for n in 2 3 4 5 6; do
		run make -s -C "$NSLAB_REPO" diff STEP="$n"
		[ "$status" -eq 0 ]
		added=$(printf '%s\n' "$output" | grep -c '^+[^+]' || true)
		removed=$(printf '%s\n' "$output" | grep -c '^-[^-]' || true)
		echo "step $n: +$added -$removed"
		[ "$added" -gt 0 ]
		[ "$added" -lt 150 ]
		[ "$removed" -lt 20 ]
	done
}

@test "build: a helper, once written, stays the same in every later step" {
	for helper in say die narrate check flag_names exit_status mount_proc loopback_up \
		remove_demo_queue make_demo_queue look_for_demo_queue write_file write_id_maps pivot_to_cwd; do
		first=
		for step in step1-pid step2-mnt step3-uts step4-net step5-ipc step6-user-pivot; do
			# its definition: a line that names it and is not a prototype, to its }
			body=$(sed -n "/^[a-z][^/]* \\**$helper(.*[^;]\$/,/^}/p" "$NSLAB_REPO/$step/ns.c")
			[ -n "$body" ] || { [ -z "$first" ] && continue; echo "$helper gone from $step"; false; }
			[ -n "$first" ] || first=$body
			[ "$body" = "$first" ] || { echo "$helper differs in $step"; false; }
		done
		[ -n "$first" ]
	done
}

@test "build: each step opens with its lesson and ends with the same plumbing" {
	for step in step1-pid step2-mnt step3-uts step4-net step5-ipc step6-user-pivot; do
		file=$NSLAB_REPO/$step/ns.c
		# child() and main() come before every helper's definition
		first_helper=$(grep -n '^static [a-z_ ]*\**[a-z_]*(.*[^;]$' "$file" | grep -v ' usage(\| child(' |
			head -n 1 | cut -d: -f1)
		main=$(grep -n '^int main(' "$file" | cut -d: -f1)
		echo "$step: main() at line $main, the first helper at line $first_helper"
		[ -n "$main" ] && [ -n "$first_helper" ]
		[ "$main" -lt "$first_helper" ]
		# one banner, and under it the same text in every step
		[ "$(grep -c '^/\*\*\* plumbing: the same in every step \*\*\*/$' "$file")" -eq 1 ]
		plumbing=$(sed -n '/^\/\*\*\* plumbing: /,$p' "$file")
		[ -n "$plumbing" ]
		[ "$plumbing" = "$(sed -n '/^\/\*\*\* plumbing: /,$p' "$NSLAB_REPO/step1-pid/ns.c")" ] ||
			{ echo "the plumbing of $step differs from step 1's"; false; }
	done
}

@test "build: each step's flag table names the flags it has taught, and no other" {
	for step in step1-pid step2-mnt step3-uts step4-net step5-ipc step6-user-pivot; do
		file=$NSLAB_REPO/$step/ns.c
		table=$(sed -n '/^static const struct { int flag; const char \*name; } flag_table\[\] = {$/,/^};$/p' "$file" |
			sed -n 's/^\t{ \([A-Z_]*\), "\1" },$/\1/p' | sort)
		taught=$( (echo SIGCHLD; grep -o 'opt\.clone_flags |= CLONE_[A-Z]*' "$file" | sed 's/.* //') | sort -u)
		echo "$step: table $(tr '\n' ' ' <<<"$table")- taught $(tr '\n' ' ' <<<"$taught")"
		[ -n "$table" ]
		[ "$table" = "$taught" ]
	done
}

@test "build: gcc and clang build everything warning-free" {
	for compiler in gcc clang; do
		command -v "$compiler" >/dev/null || continue
		rm -rf "$BATS_TEST_TMPDIR/tree"
		mkdir -p "$BATS_TEST_TMPDIR/tree"
		(cd "$NSLAB_REPO" && git ls-files 2>/dev/null || find . -type f -not -path './.git/*') |
			(cd "$NSLAB_REPO" && xargs tar -cf -) | (cd "$BATS_TEST_TMPDIR/tree" && tar -xf -)
		run make -C "$BATS_TEST_TMPDIR/tree" CC="$compiler" all
		[ "$status" -eq 0 ]
		[[ "$output" != *warning* ]]
	done
}

@test "make clean works as the user after sudo make test, and keeps the tests' Debian root" {
	requires_root
	tree=$NSLAB_BIN/clean-$BATS_TEST_NUMBER	# a folder uid 65534 can reach
	mkdir -p "$tree/build/debian/etc" "$tree/build/fuzz"
	cp "$NSLAB_REPO/Makefile" "$tree/"
	cp -r "$NSLAB_REPO/final" "$tree/final"
	touch "$tree/build/mode.plain-musl" "$tree/build/debian/etc/passwd"
	chown -R "$NOBODY:$NOBODY" "$tree"
	chown -R 0:0 "$tree/build/debian"
	run setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups make -s -C "$tree" clean
	[ "$status" -eq 0 ]
	[ "$output" = "make clean: build/debian stays (the tests' Debian root): sudo rm -rf build/debian removes it" ]
	[ "$(ls "$tree/build")" = debian ]
	rm -rf "$tree"
}
