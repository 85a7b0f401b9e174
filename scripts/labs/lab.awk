# scripts/labs/lab.awk - the body of a lab: step N-1's code with a TODO
# comment above the first change of each hunk of lesson N's diff.
#
# usage: awk -v n=N -v offset=LINES -v list=FILE -f lab.awk TODOS DIFF OLD
#   TODOS  one TODO a line: its pattern, then its text lines, tab-separated
#   DIFF   diff -U3 OLD NEW (the bodies of the two steps, headers left out)
#   OLD    the body of step N-1
#   offset the number of lines above the body in the lab (its header)
#   list   where to list the TODOs: number, line in the lab, text
# Exits 1, with a message on stderr, when a hunk and its TODO disagree.

FILENAME == ARGV[1] {
	todos++
	pattern[todos] = $0
	sub(/\t.*/, "", pattern[todos])
	text[todos] = substr($0, length(pattern[todos]) + 2)
	next
}

FILENAME == ARGV[2] {
	if (/^@@ /) {
		hunks++
		split(substr($2, 2), start, ",")
		line = start[1]
		next
	}
	if (hunks == 0 || /^\\/)
		next
	hunk[hunks] = hunk[hunks] $0 "\n"
	mark = substr($0, 1, 1)
	if (mark != " " && !(hunks in first))
		first[hunks] = line
	if (mark != "+")
		line++
	next
}

FNR == 1 {
	if (hunks != todos)
		fail(sprintf("lesson %d's diff has %d hunks, and %d TODOs", n, hunks, todos))
	for (k = 1; k <= hunks; k++)
		if (!index(hunk[k], pattern[k]))
			fail(sprintf("hunk %d of lesson %d's diff (near line %d) lacks \"%s\"",
				     k, n, first[k], pattern[k]))
		else
			at[first[k]] = k
}

{
	if (FNR in at)
		todo(at[FNR], $0)
	print
	out++
	last = $0
}

END {
	if (failed)
		exit 1
	if (FNR + 1 in at)
		todo(at[FNR + 1], "")
}

# todo(K, LINE): print TODO K above LINE, indented as LINE (or, when LINE
# is blank, as the line before), wrapped to 76 columns; and list it as
# "K<tab>its line in the lab<tab>its text".
function todo(k, next_line,   indent, width, words, count, i, line, joined) {
	indent = next_line ~ /[^\t ]/ ? next_line : last
	sub(/[^\t ].*/, "", indent)
	width = 76 - length(indent) * 8 - 3
	joined = text[k]
	gsub(/\t/, " ", joined)
	printf "%d\t%d\t%s\n", k, offset + out + 1, joined >list
	count = split(joined, words, " ")
	line = "/* TODO " n "." k ":"
	for (i = 1; i <= count; i++) {
		if (length(line) + 1 + length(words[i]) > width) {
			print indent line
			out++
			line = " *"
		}
		line = line " " words[i]
	}
	print indent line " */"
	out++
}

function fail(message) {
	print "scripts/lab: " message ": scripts/labs/ is out of step with the lesson" >"/dev/stderr"
	failed = 1
	exit 1
}
