# shellcheck shell=sh disable=SC2154 # $prog is the caller's
# confine.sh - sourced by copy-with-deps and mkrootfs: they write only inside DIR.
#
# confine_dir DIR   resolves DIR on the host into $root, or refuses it (exit 2)
#                   when a write under it could change the host: DIR is "/" in
#                   any spelling ("//", "/usr/..", a link to "/", a bind mount
#                   of "/"), or a file system is mounted below it.
# inside PATH [leaf]  prints where PATH lands in DIR, each symbolic link met on
#                   the way resolved as chroot(2) would: an absolute target
#                   starts again at DIR, ".." never climbs above it. So a
#                   rootfs's "lib -> usr/lib" and "lib -> /usr/lib" both lead
#                   to DIR/usr/lib, never to the host's.
#
# Limit: the checks are made before the writes; a tree that someone else
# changes while the scripts run (a link swapped in) is not guarded against.
# The caller sets $prog.

# refuse MESSAGE: DIR cannot be written safely; exit 2, before any write.
refuse() {
	echo "$prog: $1" >&2
	exit 2
}

confine_dir() {
	[ -n "$1" ] || refuse "DIR must not be empty"
	root=$(realpath -m -- "$1") || refuse "$1: cannot resolve DIR"
	if [ "$root" = / ] || same_file "$root" /; then
		refuse "$1: DIR is / (the host's own root), refusing to write into it"
	fi
	if [ -e "$root" ] && [ ! -d "$root" ]; then
		refuse "$1: DIR is not a directory"
	fi
	# A mount below DIR is another file system, maybe the host's own /usr:
	# writes through it would land outside DIR.
	below=$(awk -v top="$root/" '{
		p = $5	# the mount point, with " ", tab, newline and "\" escaped
		gsub(/\\040/, " ", p); gsub(/\\011/, "\t", p); gsub(/\\012/, "\n", p)
		gsub(/\\134/, "\\", p)
		if (substr(p, 1, length(top)) == top) { print p; exit }
	}' /proc/self/mountinfo)
	[ -z "$below" ] ||
		refuse "$1: $below is a mount point inside DIR; writes there would land outside DIR"
}

# same_file A B: are A and B the same file (device and inode), both there?
same_file() {
	[ -e "$1" ] && [ -e "$2" ] &&
		[ "$(stat -L -c %d:%i -- "$1")" = "$(stat -L -c %d:%i -- "$2")" ]
}

inside() {
	in_todo=$1 in_done='' in_hops=0
	while :; do
		in_todo=${in_todo#"${in_todo%%[!/]*}"}	# leading slashes
		[ -n "$in_todo" ] || break
		in_name=${in_todo%%/*}
		case "$in_todo" in
		*/*) in_todo=${in_todo#*/} ;;
		*) in_todo= ;;
		esac
		case "$in_name" in
		.) continue ;;
		..) in_done=${in_done%/*}; continue ;;
		esac
		if [ -L "$root$in_done/$in_name" ] &&
			{ [ -n "$in_todo" ] || [ "${2:-}" != leaf ]; }; then
			in_hops=$((in_hops + 1))
			if [ "$in_hops" -gt 40 ]; then
				echo "$prog: $root$in_done/$in_name: too many levels of symbolic links" >&2
				return 1
			fi
			in_link=$(readlink -- "$root$in_done/$in_name")
			case "$in_link" in /*) in_done= ;; esac
			in_todo=$in_link/$in_todo
		else
			in_done=$in_done/$in_name
		fi
	done
	printf '%s\n' "$root$in_done"
}
