/*
 * final/limits.c - what one process of the jail may use: resource limits
 * (setrlimit(2)), set in COMMAND just before its exec.
 *
 * An rlimit bounds each process on its own (the size of its memory, of the
 * files it writes, its CPU seconds, its descriptors); RLIMIT_NPROC counts
 * the processes of the user. The soft limit is what the kernel enforces,
 * the hard one how far the process may raise it; no one raises a hard
 * limit without CAP_SYS_RESOURCE in the host's user namespace, so root
 * inside the jail cannot undo them. What the jail as a whole may use is
 * cgroup.c's.
 *
 * Read: getrlimit(2), prlimit(1)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "nsroot.h"

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{ "as", RLIMIT_AS },		/* bytes of address space */
	{ "core", RLIMIT_CORE },	/* bytes of a core dump */
	{ "cpu", RLIMIT_CPU },		/* seconds of CPU, then SIGXCPU */
	{ "data", RLIMIT_DATA },	/* bytes of data segment and heap */
	{ "fsize", RLIMIT_FSIZE },	/* bytes of a file written, then SIGXFSZ */
	{ "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK },	/* bytes locked in RAM */
	{ "msgqueue", RLIMIT_MSGQUEUE },	/* bytes in POSIX message queues */
	{ "nice", RLIMIT_NICE },	/* 20 - the lowest nice value allowed */
	{ "nofile", RLIMIT_NOFILE },	/* descriptors: the highest, plus one */
	{ "nproc", RLIMIT_NPROC },	/* processes of the user (a uid of the host) */
	{ "rss", RLIMIT_RSS },		/* ignored by Linux since 2.6 */
	{ "rtprio", RLIMIT_RTPRIO },
	{ "rttime", RLIMIT_RTTIME },	/* microseconds of real-time CPU */
	{ "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK },	/* bytes of the main thread's stack */
};
#define N_RLIMIT_NAMES (sizeof(rlimit_names) / sizeof(rlimit_names[0]))

/* RLIMIT_* of name (len bytes), or -1. */
static int rlimit_resource(const char *name, size_t len)
{
	for (size_t i = 0; i < N_RLIMIT_NAMES; i++)
		if (strlen(rlimit_names[i].name) == len &&
		    strncmp(rlimit_names[i].name, name, len) == 0)
			return rlimit_names[i].resource;
	return -1;
}

static const char *rlimit_name(int resource)
{
	for (size_t i = 0; i < N_RLIMIT_NAMES; i++)
		if (rlimit_names[i].resource == resource)
			return rlimit_names[i].name;
	return "?";
}

/* A number of bytes (or of anything): digits, then k, m, g or t for
 * powers of 1024. -1 unless it fits in 62 bits. */
int parse_amount(const char *text, size_t len, unsigned long long *amount)
{
	unsigned long long n = 0;
	size_t i = 0;
	int shift = 0;

	if (len == 0 || text[0] < '0' || text[0] > '9')
		return -1;
	for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
		if (n > (1ULL << 62) / 10)
			return -1;
		n = n * 10 + (unsigned)(text[i] - '0');
	}
	if (i + 1 == len) {
		const char *units = "kmgt", *unit = strchr(units, text[i] | 0x20);

		if (unit == NULL || *unit == '\0')
			return -1;
		shift = 10 * (int)(unit - units + 1);
		i++;
	}
	if (i != len || n > (1ULL << 62) >> shift)
		return -1;
	*amount = n << shift;
	return 0;
}

/* A limit: an amount, or "unlimited" (also "infinity", as prlimit says). */
static int parse_limit(const char *text, size_t len, rlim_t *limit)
{
	unsigned long long n;

	if ((len == 9 && strncmp(text, "unlimited", 9) == 0) ||
	    (len == 8 && strncmp(text, "infinity", 8) == 0)) {
		*limit = RLIM_INFINITY;
		return 0;
	}
	if (parse_amount(text, len, &n))
		return -1;
	*limit = n;
	return 0;
}

/* "NAME=SOFT[:HARD]", into opt; HARD is SOFT when left out, as prlimit(1)
 * does. Returns 0, or an enum rlimit_error. */
int parse_rlimit(const char *spec, struct options *opt)
{
	const char *eq = strchr(spec, '='), *colon;
	struct rlimit value;
	int resource;

	if (eq == NULL)
		return RLIMIT_BAD_FORM;
	resource = rlimit_resource(spec, eq - spec);
	if (resource < 0)
		return RLIMIT_BAD_NAME;
	colon = strchr(eq + 1, ':');
	if (parse_limit(eq + 1, colon ? (size_t)(colon - eq - 1) : strlen(eq + 1), &value.rlim_cur))
		return RLIMIT_BAD_FORM;
	value.rlim_max = value.rlim_cur;
	if (colon && parse_limit(colon + 1, strlen(colon + 1), &value.rlim_max))
		return RLIMIT_BAD_FORM;
	if (value.rlim_cur > value.rlim_max)
		return RLIMIT_SOFT_ABOVE_HARD;
	opt->rlimits[resource] = value;
	opt->rlimits_set |= 1U << resource;
	return 0;
}

/* The names, for the message about an unknown one: "as, core, ...". */
const char *rlimit_names_list(void)
{
	static char list[256];
	size_t len = 0;

	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]) && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					rlimit_names[i].name);
	return list;
}

/* A limit as --verbose shows it: a number, or "RLIM_INFINITY". Without
 * --verbose, nothing: COMMAND runs this on the init's memory, where a
 * first write to text's page would cost a copy of it (nsroot.h, "Pages"). */
static const char *limit_text(rlim_t limit, int which)
{
	static char text[2][24];

	if (!verbose)
		return "";
	if (limit == RLIM_INFINITY)
		return "RLIM_INFINITY";
	snprintf(text[which], sizeof(text[which]), "%llu", (unsigned long long)limit);
	return text[which];
}

/* Runs in COMMAND, just before its exec: allocates nothing. */
void apply_rlimits(const struct options *opt)
{
	for (int r = 0; r < RLIMIT_NLIMITS; r++) {
		if (!(opt->rlimits_set & (1U << r)))
			continue;
		check_call(setrlimit(r, &opt->rlimits[r]),
			   callf("setrlimit(%s, {%s, %s})", rlimit_name(r),
				 limit_text(opt->rlimits[r].rlim_cur, 0),
				 limit_text(opt->rlimits[r].rlim_max, 1)),
			   "rlimit %s", rlimit_name(r));
	}
}
