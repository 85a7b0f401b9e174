/*
 * final/options.c - nsroot's command line.
 *
 * Parsing has no side effects but getopt's state and --verbose's flag: it
 * touches no file and prints nothing, so that the fuzzers in tests/fuzz/
 * can call it over and over. Errors come back as text; main() prints them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsroot.h"

#define DEFAULT_TMPFS_SIZE "64m"
#define MAX_TIME_LIMIT 31622400ul	/* 366 days, in seconds */

void usage(void)
{
	printf(
"usage: nsroot [OPTION]... [NEWROOT [COMMAND [ARG]...]]\n"
"       nsroot --enter PID [COMMAND [ARG]...]\n"
"       nsroot --list\n"
"Run COMMAND (default: $SHELL -i) with NEWROOT (default: .) as its root, in\n"
"new user, mount, PID, UTS and cgroup namespaces, without privileges, under a\n"
"system call filter.\n"
"\n"
"  -v, --volume SRC:DEST[:ro|rw]  bind SRC (on the host) at DEST (in NEWROOT)\n"
"      --volume-try SRC:DEST[:ro|rw]  the same, skipped if SRC is missing\n"
"                                 (a colon in SRC or DEST is written \\:)\n"
"  -t, --tmpfs DEST[:SIZE]        a tmpfs at DEST, of SIZE (default " DEFAULT_TMPFS_SIZE ")\n"
"      --dir DEST                 an empty directory at DEST\n"
"      --symlink TARGET:DEST      a symlink at DEST to TARGET\n"
"  -r, --read-only                make NEWROOT read-only, after the mounts\n"
"  -o, --old-root DIR             where -k keeps the old root (default /mnt)\n"
"  -k, --keep-old-root            keep the host's root at DIR, do not detach it\n"
"  -M, --uid-map MAP              uid map, lines of uid_map separated by commas\n"
"  -G, --gid-map MAP              gid map (default for both: \"0 YOURID 1\")\n"
"  -n, --net                      new network namespace, with lo up\n"
"  -i, --ipc                      new IPC namespace\n"
"  -H, --hostname NAME            the hostname inside\n"
"  -w, --workdir DIR              working directory inside (default /)\n"
"      --setenv NAME=VALUE        set a variable (after --clearenv)\n"
"      --unsetenv NAME            unset a variable\n"
"      --clearenv                 start COMMAND with an empty environment\n"
"      --keep-caps                keep capabilities (undoes :ro and -r)\n"
"      --cap-add CAP              keep this one capability (CAP_NET_RAW...)\n"
"      --as-pid-1                 run COMMAND as PID 1, without nsroot's init\n"
"      --new-session              run COMMAND in a new session (no terminal)\n"
"      --time-limit SECONDS       kill everything after SECONDS, exit 124\n"
"      --seccomp default|none     the system call filter (default: on)\n"
"      --seccomp-deny NAME[,NAME]...  refuse these system calls too (EPERM)\n"
"      --disable-userns           refuse new user namespaces inside\n"
"      --rlimit NAME=SOFT[:HARD]  a resource limit of COMMAND (default core=0)\n"
"      --memory-max SIZE          memory of the whole jail (k, m, g), in a cgroup\n"
"      --pids-max N               processes of the whole jail, in a cgroup\n"
"      --cpu-max PERCENT          CPU time of the whole jail, in %% of one CPU\n"
"      --share-cgroup             no cgroup namespace: see the host's cgroups\n"
"      --json-status-fd FD        write the init's pid and the exit status to FD\n"
"      --enter PID [COMMAND...]   run COMMAND in the running jail of PID\n"
"      --list                     list your running jails\n"
"      --verbose                  narrate every set-up step on stderr\n"
"  -h, --help                     show this help and exit\n"
"      --version                  show the version and exit\n"
"\n"
"Exit status: COMMAND's; 128+N if it died of signal N; 124 after\n"
"--time-limit; 125 if nsroot failed; 126 if COMMAND cannot run; 127 if it\n"
"is not found. See nsroot(1).\n");
}

/* The defaults of -o and -w, not copies: a run without them allocates
 * nothing (free_options() knows them). */
static char default_old_root[] = "/mnt", default_workdir[] = "/";

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Put an error message in err, and return -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Write the absolute, normalized form of path ("a//b/./c/../d" is "/a/b/d")
 * to out. ".." never goes above "/". Returns -1 if out is too small. */
int normalize_path(const char *path, char *out, size_t outlen)
{
	size_t len = 0;

	if (outlen < 2)
		return -1;
	while (*path) {
		const char *end;
		size_t n;

		while (*path == '/')
			path++;
		end = strchrnul(path, '/');
		n = end - path;
		if (n == 0 || (n == 1 && path[0] == '.')) {
			/* nothing */
		} else if (n == 2 && path[0] == '.' && path[1] == '.') {
			while (len > 0 && out[len] != '/')
				len--;
			/* len is at the last '/', or 0 */
		} else {
			if (len + 1 + n + 1 > outlen)
				return -1;
			out[len++] = '/';
			memcpy(out + len, path, n);
			len += n;
			out[len] = '\0';
		}
		path = end;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return 0;
}

/* DEST of a volume or a tmpfs (len bytes of text), normalized, in a string
 * of its own size: many -v or -t must not cost a page each. NULL with
 * errno ENAMETOOLONG, or ENOMEM. */
static char *copy_dest(const char *text, size_t len)
{
	char raw[PATH_MAX], normal[PATH_MAX];

	if (len >= sizeof(raw)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	memcpy(raw, text, len);
	raw[len] = '\0';
	if (normalize_path(raw, normal, sizeof(normal)) == -1) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return strdup(normal);
}

/* The end of the first field of text: the first ':' not escaped with a
 * backslash ("\\:" is a colon, "\\\\" a backslash), or the end. */
static const char *field_end(const char *text)
{
	for (; *text && *text != ':'; text++)
		if (*text == '\\' && (text[1] == ':' || text[1] == '\\'))
			text++;
	return text;
}

/* The field from text to end, its escapes undone, in a string of its own. */
static char *unescape(const char *text, const char *end)
{
	char *out = malloc(end - text + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (; text < end; text++) {
		if (*text == '\\' && text + 1 < end && (text[1] == ':' || text[1] == '\\'))
			text++;
		*o++ = *text;
	}
	*o = '\0';
	return out;
}

/* "SRC:DEST[:ro|rw]", where a colon of SRC or DEST is written "\\:" */
int parse_volume(const char *spec, struct volume *vol, char *err, size_t errlen)
{
	const char *colon = field_end(spec), *dest_end, *mode;
	char *dest;
	int ret;

	*vol = (struct volume){ 0 };
	if (*colon == '\0' || colon == spec || colon[1] == '\0' || colon[1] == ':')
		return bad_value(err, errlen, "volume", spec, "expected SRC:DEST[:ro|rw]");
	dest_end = field_end(colon + 1);
	mode = *dest_end ? dest_end : NULL;
	if (mode && strcmp(mode, ":ro") != 0 && strcmp(mode, ":rw") != 0)
		return bad_value(err, errlen, "volume", spec, "'%.16s%s' after DEST is not a mode "
				 "(ro or rw); a colon in a path is written \\:", mode + 1,
				 strlen(mode + 1) > 16 ? "..." : "");

	vol->read_only = mode && strcmp(mode, ":ro") == 0;
	dest = unescape(colon + 1, dest_end);
	vol->dest = dest ? copy_dest(dest, strlen(dest)) : NULL;
	if (vol->dest == NULL) {
		int too_long = dest && errno == ENAMETOOLONG;

		free(dest);
		return bad_value(err, errlen, "volume", spec, "%s",
				 too_long ? "DEST is too long" : "out of memory");
	}
	free(dest);
	vol->src = unescape(spec, colon);
	if (vol->src == NULL) {
		ret = bad_value(err, errlen, "volume", spec, "out of memory");
		goto free_volume;
	}
	/* The jail's /proc is nsroot's own: a volume there could hide it. */
	if (root_or_proc(vol->dest)) {
		int is_root = strcmp(vol->dest, "/") == 0;

		ret = bad_value(err, errlen, "volume", spec, "DEST may not be %s",
				is_root ? "/ (that is NEWROOT)" : "/proc or below it");
		goto free_volume;
	}
	return 0;

free_volume:	/* back to the empty volume it was */
	free(vol->src);
	free(vol->dest);
	*vol = (struct volume){ 0 };
	return ret;
}

/* --dir DEST, --symlink TARGET:DEST (TARGET may hold "\\:" too). */
int parse_path(const char *spec, int is_symlink, struct made_path *p, char *err,
	       size_t errlen)
{
	const char *what = is_symlink ? "symlink" : "dir";
	const char *colon = is_symlink ? field_end(spec) : spec;
	const char *dest = is_symlink ? colon + 1 : spec, *problem = NULL;

	*p = (struct made_path){ 0 };
	if (is_symlink && (*colon == '\0' || colon == spec || colon[1] == '\0'))
		return bad_value(err, errlen, "symlink", spec, "expected TARGET:DEST");
	if (*dest == '\0')
		return fail(err, errlen, "dir '': expected DEST");
	p->dest = copy_dest(dest, strlen(dest));
	if (p->dest == NULL)
		return bad_value(err, errlen, what, spec, "%s",
				 errno == ENAMETOOLONG ? "DEST is too long" : "out of memory");
	if (root_or_proc(p->dest))
		problem = "DEST may not be /, /proc or below";
	else if (is_symlink && (p->target = unescape(spec, colon)) == NULL)
		problem = "out of memory";
	if (problem == NULL)
		return 0;
	free(p->dest);	/* back to the empty path it was */
	*p = (struct made_path){ 0 };
	return bad_value(err, errlen, what, spec, "%s", problem);
}

/* A size as tmpfs(5) takes it: a number of bytes, or of k, m or g, more
 * than 0 and below 2^62 bytes; or a percentage of memory, 1 to 100. The
 * kernel would take 0 and sizes that wrap around as "no limit". NULL if it
 * is fine, else what is wrong. */
static const char *size_problem(const char *size)
{
	static const char units[] = "kKmMgG";
	unsigned long long n = 0, limit = 1ULL << 62;
	const char *p = size, *unit;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > limit / 10)
			return "too large";
		n = n * 10 + (unsigned long long)(*p - '0');
	}
	if (p == size || (*p && p[1]) || (*p && *p != '%' && strchr(units, *p) == NULL))
		return "SIZE must be a number with k, m, g or %";
	if (n == 0)
		return "SIZE must be more than 0 (tmpfs takes 0 as no limit)";
	if (*p == '%')
		return n > 100 ? "a percentage of memory must be 1 to 100" : NULL;
	unit = *p ? strchr(units, *p) : NULL;
	for (int shift = unit ? 10 * (int)((unit - units) / 2 + 1) : 0; shift > 0; shift -= 10) {
		if (n > limit >> 10)
			return "too large";
		n <<= 10;
	}
	return n > limit ? "too large" : NULL;
}

/* "DEST[:SIZE]" */
int parse_tmpfs(const char *spec, struct tmpfs_mount *t, char *err, size_t errlen)
{
	const char *colon = strrchr(spec, ':');
	size_t dest_len = colon ? (size_t)(colon - spec) : strlen(spec);
	const char *problem = NULL;

	*t = (struct tmpfs_mount){ 0 };
	if (dest_len == 0)
		return bad_value(err, errlen, "tmpfs", spec, "expected DEST[:SIZE]");
	if (colon && size_problem(colon + 1))
		return bad_value(err, errlen, "tmpfs", spec, "%s", size_problem(colon + 1));
	t->dest = copy_dest(spec, dest_len);
	if (t->dest == NULL)
		return bad_value(err, errlen, "tmpfs", spec, "%s",
				 errno == ENAMETOOLONG ? "DEST is too long" : "out of memory");
	if (root_or_proc(t->dest))
		problem = "DEST may not be /, /proc or below";
	else if ((t->size = strdup(colon ? colon + 1 : DEFAULT_TMPFS_SIZE)) == NULL)
		problem = "out of memory";
	if (problem == NULL)
		return 0;
	free(t->dest);	/* back to the empty tmpfs it was */
	*t = (struct tmpfs_mount){ 0 };
	return bad_value(err, errlen, "tmpfs", spec, "%s", problem);
}

/* A whole number of seconds, from 1 to a year. */
int parse_seconds(const char *text, unsigned *seconds)
{
	char *end;
	unsigned long n;

	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	n = strtoul(text, &end, 10);
	if (errno || *end != '\0' || n == 0 || n > MAX_TIME_LIMIT)
		return -1;
	*seconds = n;
	return 0;
}

/* Append one element to an array grown with realloc: to twice its size
 * when it is full, that is when n is 0 or a power of two (n & (n - 1)
 * clears n's lowest bit: zero when no other is set), so that a hundred
 * -t cost eight reallocations, not a hundred. */
static int grow(void **array, size_t *n, size_t size)
{
	if ((*n & (*n - 1)) == 0) {
		void *bigger = realloc(*array, (*n ? 2 * *n : 1) * size);

		if (bigger == NULL)
			return -1;
		*array = bigger;
	}
	(*n)++;
	return 0;
}

enum {
	OPT_SETENV = 256, OPT_CLEARENV, OPT_KEEP_CAPS, OPT_AS_PID_1,
	OPT_NEW_SESSION, OPT_TIME_LIMIT, OPT_VERBOSE, OPT_VERSION,
	OPT_SECCOMP, OPT_SECCOMP_DENY, OPT_DISABLE_USERNS, OPT_RLIMIT,
	OPT_MEMORY_MAX, OPT_PIDS_MAX, OPT_CPU_MAX, OPT_SHARE_CGROUP,
	OPT_ENTER, OPT_LIST, OPT_UNSETENV, OPT_VOLUME_TRY, OPT_DIR, OPT_SYMLINK,
	OPT_JSON_STATUS_FD, OPT_CAP_ADD,
};

static const struct option long_options[] = {
	{ "volume", required_argument, NULL, 'v' },
	{ "old-root", required_argument, NULL, 'o' },
	{ "read-only", no_argument, NULL, 'r' },
	{ "keep-old-root", no_argument, NULL, 'k' },
	{ "uid-map", required_argument, NULL, 'M' },
	{ "gid-map", required_argument, NULL, 'G' },
	{ "net", no_argument, NULL, 'n' },
	{ "ipc", no_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
	{ "hostname", required_argument, NULL, 'H' },
	{ "tmpfs", required_argument, NULL, 't' },
	{ "workdir", required_argument, NULL, 'w' },
	{ "setenv", required_argument, NULL, OPT_SETENV },
	{ "clearenv", no_argument, NULL, OPT_CLEARENV },
	{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
	{ "as-pid-1", no_argument, NULL, OPT_AS_PID_1 },
	{ "new-session", no_argument, NULL, OPT_NEW_SESSION },
	{ "time-limit", required_argument, NULL, OPT_TIME_LIMIT },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "seccomp", required_argument, NULL, OPT_SECCOMP },
	{ "seccomp-deny", required_argument, NULL, OPT_SECCOMP_DENY },
	{ "disable-userns", no_argument, NULL, OPT_DISABLE_USERNS },
	{ "rlimit", required_argument, NULL, OPT_RLIMIT },
	{ "memory-max", required_argument, NULL, OPT_MEMORY_MAX },
	{ "pids-max", required_argument, NULL, OPT_PIDS_MAX },
	{ "cpu-max", required_argument, NULL, OPT_CPU_MAX },
	{ "share-cgroup", no_argument, NULL, OPT_SHARE_CGROUP },
	{ "enter", required_argument, NULL, OPT_ENTER },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "unsetenv", required_argument, NULL, OPT_UNSETENV },
	{ "volume-try", required_argument, NULL, OPT_VOLUME_TRY },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "symlink", required_argument, NULL, OPT_SYMLINK },
	{ "json-status-fd", required_argument, NULL, OPT_JSON_STATUS_FD },
	{ "cap-add", required_argument, NULL, OPT_CAP_ADD },
	{ NULL, 0, NULL, 0 },
};

/* --seccomp-deny NAME[,NAME]...: each name, a system call of this
 * architecture, appended to opt->seccomp_deny. */
static int take_seccomp_deny(const char *arg, struct options *opt, char *err, size_t errlen)
{
	for (const char *name = arg;; name++) {
		const char *end = strchrnul(name, ',');
		char one[64];
		int nr;

		if (end == name || end - name >= (int)sizeof(one))
			return bad_value(err, errlen, "seccomp-deny", arg,
					 "expected NAME[,NAME]...");
		memcpy(one, name, end - name);
		one[end - name] = '\0';
		nr = syscall_number(one);
		if (nr < 0)
			return bad_value(err, errlen, "seccomp-deny", arg,
					 "no system call %s on this machine", one);
		if (grow((void **)&opt->seccomp_deny, &opt->n_seccomp_deny,
			 sizeof(*opt->seccomp_deny)))
			return fail(err, errlen, "out of memory");
		opt->seccomp_deny[opt->n_seccomp_deny - 1] = nr;
		name = end;
		if (*end == '\0')
			return 0;
	}
}

/* The limits of the jail's cgroup: SIZE in bytes (k, m, g, t), N
 * processes, PERCENT of one CPU (up to 100 CPUs). */
static int take_cgroup_limit(int c, const char *arg, const char *name,
			     struct options *opt, char *err, size_t errlen)
{
	unsigned long long n;

	if (parse_amount(arg, strlen(arg), &n) || n == 0)
		return bad_value(err, errlen, name, arg, "expected a number above 0%s",
				 c == OPT_MEMORY_MAX ? ", with k, m, g or t" : "");
	if (c == OPT_MEMORY_MAX) {
		if (n < (1ULL << 20))
			return bad_value(err, errlen, name, arg,
					 "less than 1m cannot start a process");
		opt->memory_max = n;
	} else if (c == OPT_PIDS_MAX) {
		if (n > 4194304 || strpbrk(arg, "kKmMgGtT"))
			return bad_value(err, errlen, name, arg,
					 "expected a whole number, up to 4194304");
		opt->pids_max = n;
	} else {
		if (n > 10000 || strpbrk(arg, "kKmMgGtT"))
			return bad_value(err, errlen, name, arg,
					 "expected a percentage of one CPU, from 1 to 10000");
		opt->cpu_max = n;
	}
	return 0;
}

/* --setenv NAME=VALUE and --unsetenv NAME go in one list, in order:
 * set_environment() tells them apart by the '='. */
static int add_setenv(struct options *opt, const char *arg, char *err, size_t errlen)
{
	if (grow((void **)&opt->setenv, &opt->n_setenv, sizeof(*opt->setenv)))
		return fail(err, errlen, "out of memory");
	opt->setenv[opt->n_setenv - 1] = (char *)arg;
	return 0;
}

/* One option; returns -1 with err set when it is wrong. */
static int take_option(int c, const char *arg, const char *name,
		       struct options *opt, char *err, size_t errlen)
{
	char path[PATH_MAX], **field;

	switch (c) {
	case 'v':
	case OPT_VOLUME_TRY:
		if (grow((void **)&opt->volumes, &opt->n_volumes, sizeof(*opt->volumes)))
			return fail(err, errlen, "out of memory");
		if (parse_volume(arg, &opt->volumes[opt->n_volumes - 1], err, errlen)) {
			opt->n_volumes--;
			return -1;
		}
		opt->volumes[opt->n_volumes - 1].try = c == OPT_VOLUME_TRY;
		opt->volumes[opt->n_volumes - 1].seq = opt->n_mounts++;
		return 0;
	case OPT_DIR:
	case OPT_SYMLINK:
		if (grow((void **)&opt->paths, &opt->n_paths, sizeof(*opt->paths)))
			return fail(err, errlen, "out of memory");
		if (parse_path(arg, c == OPT_SYMLINK, &opt->paths[opt->n_paths - 1], err, errlen)) {
			opt->n_paths--;
			return -1;
		}
		opt->paths[opt->n_paths - 1].seq = opt->n_mounts++;
		return 0;
	case OPT_UNSETENV:
		if (*arg == '\0' || strchr(arg, '=') || strlen(arg) > 255)
			return bad_value(err, errlen, "unsetenv", arg,
					 "expected NAME, 1 to 255 characters, no '='");
		return add_setenv(opt, arg, err, errlen);
	case OPT_JSON_STATUS_FD: {
		char *end;
		long fd;

		errno = 0;
		fd = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end || errno || fd > 1048576)
			return bad_value(err, errlen, "json-status-fd", arg,
					 "expected a file descriptor");
		opt->json_fd = (int)fd;
		return 0;
	}
	case OPT_CAP_ADD: {
		int cap = capability_number(arg);

		if (cap < 0)
			return bad_value(err, errlen, "cap-add", arg,
					 "no such capability "
					 "(see capabilities(7): CAP_NET_RAW, ...)");
		opt->cap_add |= 1ULL << cap;
		return 0;
	}
	case 't':
		if (grow((void **)&opt->tmpfs, &opt->n_tmpfs, sizeof(*opt->tmpfs)))
			return fail(err, errlen, "out of memory");
		if (parse_tmpfs(arg, &opt->tmpfs[opt->n_tmpfs - 1], err, errlen)) {
			opt->n_tmpfs--;
			return -1;
		}
		opt->tmpfs[opt->n_tmpfs - 1].seq = opt->n_mounts++;
		return 0;
	case 'o':
	case 'w':
		if (*arg == '\0' || normalize_path(arg, path, sizeof(path)))
			return bad_value(err, errlen, name, arg, "not a usable path");
		if (c == 'o' && strcmp(path, "/") == 0)
			return bad_value(err, errlen, name, arg, "may not be /");
		field = c == 'o' ? &opt->old_root : &opt->workdir;
		if (*field != default_old_root && *field != default_workdir)
			free(*field);
		*field = strdup(path);
		if (*field == NULL)
			return bad_value(err, errlen, name, arg, "out of memory");
		return 0;
	case 'r': opt->read_only = 1; return 0;
	case 'k': opt->keep_old_root = 1; return 0;
	case 'M':
	case 'G': {
		char *map = parse_idmap(arg, err, errlen);

		if (map == NULL)
			return -1;
		free(c == 'M' ? opt->uid_map : opt->gid_map);
		if (c == 'M')
			opt->uid_map = map;
		else
			opt->gid_map = map;
		return 0;
	}
	case 'n': opt->clone_flags |= CLONE_NEWNET; return 0;
	case 'i': opt->clone_flags |= CLONE_NEWIPC; return 0;
	case 'H':
		if (*arg == '\0' || strlen(arg) > 64)
			return bad_value(err, errlen, "hostname", arg, "1 to 64 characters");
		opt->hostname = arg;
		return 0;
	case OPT_SETENV:
		if (*arg == '=' || strchr(arg, '=') == NULL || strchr(arg, '=') - arg > 255)
			return bad_value(err, errlen, "setenv", arg,
					 "expected NAME=VALUE, NAME of 1 to 255 characters");
		return add_setenv(opt, arg, err, errlen);
	case OPT_CLEARENV: opt->clearenv = 1; return 0;
	case OPT_KEEP_CAPS: opt->keep_caps = 1; return 0;
	case OPT_AS_PID_1: opt->as_pid_1 = 1; return 0;
	case OPT_NEW_SESSION: opt->new_session = 1; return 0;
	case OPT_TIME_LIMIT:
		if (parse_seconds(arg, &opt->time_limit))
			return bad_value(err, errlen, "time limit", arg,
					 "expected whole seconds, from 1 to %lu", MAX_TIME_LIMIT);
		return 0;
	case OPT_VERBOSE: verbose = 1; return 0;
	case OPT_SECCOMP:
		if (strcmp(arg, "default") != 0 && strcmp(arg, "none") != 0)
			return bad_value(err, errlen, "seccomp", arg, "expected default or none");
		opt->seccomp_off = strcmp(arg, "none") == 0;
		return 0;
	case OPT_SECCOMP_DENY: return take_seccomp_deny(arg, opt, err, errlen);
	case OPT_DISABLE_USERNS: opt->disable_userns = 1; return 0;
	case OPT_RLIMIT:
		switch (parse_rlimit(arg, opt)) {
		case 0:
			return 0;
		case RLIMIT_BAD_NAME:
			return bad_value(err, errlen, "rlimit", arg, "unknown NAME (one of %s)",
					 rlimit_names_list());
		case RLIMIT_SOFT_ABOVE_HARD:
			return bad_value(err, errlen, "rlimit", arg, "SOFT is above HARD");
		default:
			return bad_value(err, errlen, "rlimit", arg,
					 "expected NAME=SOFT[:HARD], each a number (k, m, g, t) "
					 "or unlimited");
		}
	case OPT_MEMORY_MAX:
	case OPT_PIDS_MAX:
	case OPT_CPU_MAX:
		return take_cgroup_limit(c, arg, name, opt, err, errlen);
	case OPT_SHARE_CGROUP: opt->share_cgroup = 1; return 0;
	case OPT_ENTER: {
		char *end;
		long pid;

		errno = 0;
		pid = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end || errno || pid <= 0 || pid > 4194304)
			return bad_value(err, errlen, "enter", arg, "expected a PID");
		opt->enter = (pid_t)pid;
		return 0;
	}
	case OPT_LIST: opt->list = 1; return 0;
	}
	return fail(err, errlen, "unknown option");
}

/* Fill opt from the command line. Options stop at NEWROOT (the leading
 * '+'): what follows it is COMMAND's. The ':' makes a missing argument
 * come back as ':' rather than '?'. */
enum parse_result parse_options(int argc, char *argv[], struct options *opt,
				char *err, size_t errlen)
{
	const char *shell = getenv("SHELL"), *other = NULL;
	int c, index;

	*opt = (struct options){
		.clone_flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS,
		.newroot = ".",
		.json_fd = -1,
	};
	/* No core dumps: one would be written inside the jail, by the rules
	 * of the host's core_pattern. */
	opt->rlimits[RLIMIT_CORE] = (struct rlimit){ 0, 0 };
	opt->rlimits_set = 1U << RLIMIT_CORE;
	opt->default_argv[0] = (char *)(shell && *shell ? shell : "/bin/sh");
	opt->default_argv[1] = "-i";
	opt->argv = opt->default_argv;
	opt->old_root = default_old_root;
	opt->workdir = default_workdir;

	optind = 0;		/* start afresh: parse_options may run again */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:v:o:rkM:G:nihH:t:w:",
				long_options, &index)) != -1) {
		char name[32];

		if (c == '?' && optopt > 0 && optopt < 256) {
			fail(err, errlen, "unknown option -%c (try nsroot --help)", optopt);
			return PARSE_ERROR;
		}
		if (c == '?' || c == ':') {
			fail(err, errlen, "%s %s (try nsroot --help)",
			     c == '?' ? "unknown option" : "missing argument to",
			     argv[optind - 1]);
			return PARSE_ERROR;
		}
		if (c == 'h')
			return PARSE_HELP;
		if (c == OPT_VERSION)
			return PARSE_VERSION;
		if (c < 256)
			snprintf(name, sizeof(name), "-%c", c);
		else
			snprintf(name, sizeof(name), "--%s", long_options[index].name);
		if (take_option(c, optarg, name, opt, err, errlen))
			return PARSE_ERROR;
		if (c != OPT_ENTER && c != OPT_LIST && c != OPT_VERBOSE && !other)
			other = argv[optind - 1];
	}
	/* --enter and --list take the jail as it is: no other option. */
	if ((opt->enter || opt->list) && (other || (opt->enter && opt->list))) {
		fail(err, errlen, "%s takes no other option but --verbose (not %.32s)",
		     opt->enter ? "--enter" : "--list", other ? other : "--list");
		return PARSE_ERROR;
	}
	if (opt->list && optind < argc) {
		fail(err, errlen, "--list takes no argument (not '%.32s%s')", argv[optind],
		     ellipsis(argv[optind]));
		return PARSE_ERROR;
	}
	if (opt->enter) {
		if (optind < argc)
			opt->argv = &argv[optind];
		return PARSE_OK;
	}
	if (optind < argc)
		opt->newroot = argv[optind++];
	if (optind < argc)
		opt->argv = &argv[optind];
	if (*opt->newroot == '\0') {
		fail(err, errlen, "NEWROOT may not be empty");
		return PARSE_ERROR;
	}
	if (opt->seccomp_off && (opt->n_seccomp_deny || opt->disable_userns)) {
		fail(err, errlen, "%s needs the filter: not with --seccomp none",
		     opt->disable_userns ? "--disable-userns" : "--seccomp-deny");
		return PARSE_ERROR;
	}
	return PARSE_OK;
}

void free_options(struct options *opt)
{
	for (size_t i = 0; i < opt->n_volumes; i++) {
		free(opt->volumes[i].src);
		free(opt->volumes[i].dest);
	}
	for (size_t i = 0; i < opt->n_tmpfs; i++) {
		free(opt->tmpfs[i].dest);
		free(opt->tmpfs[i].size);
	}
	for (size_t i = 0; i < opt->n_paths; i++) {
		free(opt->paths[i].dest);
		free(opt->paths[i].target);
	}
	free(opt->volumes);
	free(opt->tmpfs);
	free(opt->paths);
	free(opt->setenv);
	free(opt->seccomp_deny);
	if (opt->old_root != default_old_root)
		free(opt->old_root);
	if (opt->workdir != default_workdir)
		free(opt->workdir);
	free(opt->uid_map);
	free(opt->gid_map);
	*opt = (struct options){ .json_fd = -1 };
}
