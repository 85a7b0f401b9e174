/*
 * final/util.c - errors and --verbose narration, as in the steps.
 *
 * Every line goes out with a single write(2), so that the lines of the
 * parent, of the child and of the init never mix, even through a pipe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsroot.h"

int verbose;			/* --verbose */
/* Who is speaking: NULL for the parent, then become_copy()'s name. (NULL,
 * not "parent", so that it sits in .bss beside is_copy, which the child
 * writes too, not in .data: fewer pages for the child's writes to copy,
 * nsroot.h, "Pages".) */
const char *side;
static int is_copy;		/* not the parent: become_copy() */

static void say(const char *prefix, const char *fmt, va_list ap)
{
	char line[1024];
	int len = snprintf(line, sizeof(line), "%s", prefix);

	len += vsnprintf(line + len, sizeof(line) - len - 1, fmt, ap);
	if (len > (int)sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	if (write(STDERR_FILENO, line, len) < 0)
		return;		/* nowhere left to complain */
}

static void say_line(const char *prefix, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say_line(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(prefix, fmt, ap);
	va_end(ap);
}

/* The child, the init, COMMAND before its exec and the helpers are copies
 * of the parent: each says so first thing, with the name it speaks by. */
void become_copy(const char *name)
{
	side = name;
	is_copy = 1;
}

/* Exit 125. The atexit handlers a copy inherited are the parent's
 * business: a copy skips them. */
static _Noreturn void exit_setup(void)
{
	if (is_copy)
		_exit(EXIT_SETUP);
	exit(EXIT_SETUP);
}

/* die("what"): print "nsroot: what" and exit 125. */
void die(const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	say(prefix, fmt, ap);
	va_end(ap);
	exit_setup();
}

/* die_errno("what"): print "nsroot: what: strerror(errno)" and exit 125. */
void die_errno(const char *fmt, ...)
{
	int saved_errno = errno;	/* before anything can change it */
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	die("%s: %s", what, strerror(saved_errno));
}

/* Like die_errno, with one more line of advice: for the errors whose cause
 * is usually the environment, not the command line. */
void die_errno_hint(const char *advice, const char *fmt, ...)
{
	int saved_errno = errno;
	char what[512], prefix[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(prefix, sizeof(prefix), "%s: ", program_invocation_short_name);
	say_line(prefix, "%s: %s", what, strerror(saved_errno));
	say_line("hint: ", "%s", advice);
	exit_setup();
}

/* With --verbose, print "[side] what": "[parent] ...", "[child] ...",
 * "[command] ...", "[init] ..." (and enter.c's, cgroup.c's helpers). */
void narrate(const char *fmt, ...)
{
	char prefix[16];
	va_list ap;

	if (!verbose)
		return;
	snprintf(prefix, sizeof(prefix), "[%s] ", side ? side : "parent");
	va_start(ap, fmt);
	say(prefix, fmt, ap);
	va_end(ap);
}

/* Narrate a system call and its result, as strace shows it, on failure
 * too: "open(...) = 3", "open(...) = -1 (No such file or directory)".
 * Returns ret, with errno as it was. */
long tell(long ret, const char *fmt, ...)
{
	int saved_errno = errno;
	char call[512];
	va_list ap;

	if (!verbose)
		return ret;
	va_start(ap, fmt);
	vsnprintf(call, sizeof(call), fmt, ap);
	va_end(ap);
	if (ret == -1)
		narrate("%s = -1 (%s)", call, strerror(saved_errno));
	else
		narrate("%s = %ld", call, ret);
	errno = saved_errno;
	return ret;
}

/* Narrate a system call and its result; stop with exit 125 if it failed.
 * fmt is the call, and its error message: for a call whose name says
 * what failed ("setsid()", "pivot_root(\".\", \".\")"). */
long check(long ret, const char *fmt, ...)
{
	int saved_errno = errno;
	char what[512];
	va_list ap;

	if (ret != -1 && !verbose)	/* nothing to say: no formatting */
		return ret;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	errno = saved_errno;
	tell(ret, "%s", what);
	if (ret == -1)
		die_errno("%s", what);
	return ret;
}

/* Stop with exit 125 if ret is -1, without narrating: for a helper that
 * made (and narrated) several calls, bind_mount() say, and for
 * check_call() (nsroot.h); the error names what failed ("bind-mount /a
 * onto /b: ..."). */
long or_die(long ret, const char *fmt, ...)
{
	int saved_errno = errno;
	char what[512];
	va_list ap;

	if (ret != -1)
		return ret;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	errno = saved_errno;
	die_errno("%s", what);
}

/* A call as check_call() narrates it, formatted only with --verbose. Two
 * buffers in turn, so that a call may be built from another's text. */
const char *callf(const char *fmt, ...)
{
	static char calls[2][512];
	static int turn;
	int saved_errno = errno;
	va_list ap;

	if (!verbose)
		return "";
	turn = !turn;
	va_start(ap, fmt);
	vsnprintf(calls[turn], sizeof(calls[turn]), fmt, ap);
	va_end(ap);
	errno = saved_errno;
	return calls[turn];
}

/* "..." when text is longer than the 32 bytes an error message quotes of
 * it (bad_value() below), so that a long argument cannot push the cause
 * off the end of the line. */
const char *ellipsis(const char *text)
{
	return strlen(text) > 32 ? "..." : "";
}

/* A wait status as --verbose shows it: "exit 0", "signal 9", "stopped 20". */
const char *status_text(int wstatus)
{
	static char text[32];

	if (!verbose)		/* only --verbose reads it */
		return "";
	if (WIFSIGNALED(wstatus))
		snprintf(text, sizeof(text), "signal %d", WTERMSIG(wstatus));
	else if (WIFSTOPPED(wstatus))
		snprintf(text, sizeof(text), "stopped %d", WSTOPSIG(wstatus));
	else
		snprintf(text, sizeof(text), "exit %d", WEXITSTATUS(wstatus));
	return text;
}

/* Pass signal sig on to pid, as the parent does to the init (or to an
 * entered command) and the init to COMMAND. After SIGTERM, SIGHUP,
 * SIGINT or SIGQUIT, a SIGCONT: a stopped process would hold them until
 * continued, and they are meant to end it (timeout(1) does the same; a
 * shell, for a job it knows stopped). SIGINT too: an entered command has
 * no terminal, and Ctrl-C reaches it only through us. Returns 1 for
 * those four, the signals that ask to end. */
int forward_signal(pid_t pid, int sig)
{
	int ending = sig == SIGTERM || sig == SIGHUP || sig == SIGINT || sig == SIGQUIT;

	tell(kill(pid, sig), "kill(%ld, %d)", (long)pid, sig);
	if (ending)
		tell(kill(pid, SIGCONT), "kill(%ld, SIGCONT)", (long)pid);
	return ending;
}

/* The exit status of a waited-for process, as a shell would report it. */
int exit_status(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return WEXITSTATUS(wstatus);
}

/* --json-status-fd FD: refuse a descriptor that is not open for writing,
 * before anything starts. */
void json_status_open(int fd)
{
	int flags;

	if (fd < 0)
		return;
	flags = fcntl(fd, F_GETFL);
	if (flags == -1)
		die_errno("json-status-fd %d", fd);
	if ((flags & O_ACCMODE) == O_RDONLY)
		die("json-status-fd %d: not open for writing", fd);
}

/* One line of JSON to FD, as bubblewrap writes them:
 * { "child-pid": 4242 } when the jail starts, { "exit-code": 0 } at its
 * end. A reader that went away is not nsroot's failure. */
void json_status(int fd, const char *key, int value)
{
	char line[64];
	int len;

	if (fd < 0)
		return;
	len = snprintf(line, sizeof(line), "{ \"%s\": %d }\n", key, value);
	if (write(fd, line, (size_t)len) != len)
		narrate("write to json-status-fd %d: failed", fd);
}

/* Whether path (absolute, normalized) is "/", "/proc" or below it: no
 * mount may go there, it would hide the new root or nsroot's /proc. */
int root_or_proc(const char *path)
{
	return strcmp(path, "/") == 0 || strcmp(path, "/proc") == 0 ||
	       strncmp(path, "/proc/", 6) == 0;
}

/* An error about what the user gave, in err: "option 'value': reason".
 * The value is quoted by its first 32 bytes, with "..." when there is
 * more, so that a long argument cannot push the reason off the end of the
 * line. Returns -1. */
int bad_value(char *err, size_t errlen, const char *option, const char *value,
	      const char *fmt, ...)
{
	char reason[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s '%.32s%s': %s", option, value, ellipsis(value), reason);
	return -1;
}

/* Flags as --verbose writes them: "A|B|C" ("0" for none), the names of
 * those of table[0..n) that are all set in flags, into buf; made only
 * with --verbose (callers pass it as an argument either way). */
const char *flags_text(unsigned long flags, const struct flag_name *table, size_t n, char *buf,
		       size_t size)
{
	size_t len = 0;

	if (!verbose)
		return "";
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++)
		if ((flags & table[i].flag) == table[i].flag)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "|" : "",
						table[i].name);
	return len ? buf : "0";
}
