/*
 * step1-pid/ns.c - Lesson 1: a process that believes it is PID 1.
 *
 * Runs COMMAND as a child made with clone(2). New here:
 *   - clone(2) starts the child on a stack we give it, running child()
 *   - -p adds CLONE_NEWPID: the child is PID 1 of a new PID namespace
 *   - the parent waits and exits with the command's status (128+N when
 *     it died of signal N), and learns of a failed exec through a pipe
 *
 * Try:  sudo ./ns -p sh -c 'echo $$'
 * Read: pid_namespaces(7), clone(2), waitpid(2)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Exit statuses, as chroot(8) and env(1) use them. */
enum {
	EXIT_SETUP = 125,	/* ns itself failed */
	EXIT_CANNOT_RUN = 126,	/* COMMAND exists but could not be run */
	EXIT_NOT_FOUND = 127,	/* COMMAND was not found */
};

struct options {
	int clone_flags;	/* the CLONE_NEW* flags chosen on the command line */
	char **argv;		/* COMMAND and its arguments */
	int exec_pipe[2];	/* the child writes errno here if exec fails */
};

static char *default_command[] = { "/bin/sh", NULL };

static int verbose;			/* -v: narrate every system call */
static const char *hint;		/* one line of advice for die() to add */
static const char *side = "parent";	/* who is speaking: parent or child */

/* The flags of clone(2) that -v names, in this order: those taught so far. */
static const struct { int flag; const char *name; } flag_table[] = {
	{ CLONE_NEWPID, "CLONE_NEWPID" },
	{ SIGCHLD, "SIGCHLD" },
};

/* The helpers, after main(): the lessons' own, then the plumbing. */
static _Noreturn void die(const char *fmt, ...);
static void narrate(const char *fmt, ...);
static long check(long ret, const char *fmt, ...);
static const char *flag_names(int flags);
static int exit_status(int wstatus);

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out,
		"usage: %s [-h] [-v] [-p] [--] [COMMAND [ARG]...]\n"
		"Run COMMAND (default /bin/sh) in new namespaces.\n"
		"\n"
		"  -h  show this help and exit\n"
		"  -v  narrate every system call, parent and child, on stderr\n"
		"  -p  new PID namespace: COMMAND is PID 1\n"
		"\n"
		"Exit status: COMMAND's; 128+N if it died of signal N; 125 if %s\n"
		"itself failed; 126 if COMMAND cannot run; 127 if it is not found.\n",
		program_invocation_short_name, program_invocation_short_name);
	exit(status);
}

/* Runs in the new namespaces, then becomes COMMAND. */
static int child(void *arg)
{
	struct options *opt = arg;
	int err;

	side = "child";
	close(opt->exec_pipe[0]);
	narrate("getpid() = %ld", (long)getpid());

	narrate("execvp(\"%s\", ...)", opt->argv[0]);
	execvp(opt->argv[0], opt->argv);

	/* Only reached if exec failed: tell the parent why, through the pipe
	 * that exec would have closed. */
	err = errno;
	narrate("execvp(\"%s\", ...) = -1 (%s)", opt->argv[0], strerror(err));
	if (write(opt->exec_pipe[1], &err, sizeof(err)) < 0)
		_exit(EXIT_SETUP);
	_exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

int main(int argc, char *argv[])
{
	struct options opt = { .argv = default_command };
	/* The child's stack: a buffer on ours will do, since the child gets a
	 * copy of our memory. clone(2) wants its top: stacks grow down on
	 * every architecture Linux runs containers on. */
	char child_stack[1024 * 1024] __attribute__((aligned(16)));
	pid_t pid;
	int c, err, wstatus;
	ssize_t n;

	/* Read the options. The leading '+' stops getopt at the first
	 * non-option, so that "ns -p ls -l" gives -l to ls, not to us; the
	 * ':' after it makes a missing argument return ':', not '?'. */
	opterr = 0;
	while ((c = getopt(argc, argv, "+:hvp")) != -1) {
		switch (c) {
		case 'h': usage(stdout, 0); break;
		case 'v': verbose = 1; break;
		case 'p': opt.clone_flags |= CLONE_NEWPID; break;
		case ':':
			die("option -%c needs an argument", optopt);
		default:
			die("unknown option -%c (try %s -h)", optopt,
			    program_invocation_short_name);
		}
	}
	if (optind < argc)
		opt.argv = &argv[optind];

	/* A pipe that closes itself when the child's exec succeeds. If exec
	 * fails, the child writes errno into it instead. */
	check(pipe2(opt.exec_pipe, O_CLOEXEC), "pipe2(O_CLOEXEC)");

	/* Start the child in its new namespaces. SIGCHLD is the signal the
	 * parent gets when the child ends, so that waitpid() works. */
	pid = clone(child, child_stack + sizeof(child_stack),
		    opt.clone_flags | SIGCHLD, &opt);
	if (pid == -1)		/* most often: not allowed to make a namespace */
		hint = "new namespaces need root: try sudo (lesson 6 does without)";
	check(pid, "clone(%s)", flag_names(opt.clone_flags | SIGCHLD));

	/* Wait for the exec: read() returns 0 when it succeeded. */
	close(opt.exec_pipe[1]);
	n = read(opt.exec_pipe[0], &err, sizeof(err));
	close(opt.exec_pipe[0]);

	/* Wait for the child and pass its status on. */
	check(waitpid(pid, &wstatus, 0), "waitpid(%ld)", (long)pid);
	if (n == sizeof(err)) {
		fprintf(stderr, "%s: exec %s: %s\n",
			program_invocation_short_name, opt.argv[0], strerror(err));
	}
	narrate("child exit status %d", exit_status(wstatus));
	return exit_status(wstatus);
}

/*** plumbing: the same in every step ***/

/* Print one line on stderr with a single write(2), so that the parent's and
 * the child's lines never mix, even through a pipe. */
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

/* die("what"): print "ns: what" (and the hint, if one is set) and exit 125. */
static _Noreturn void die(const char *fmt, ...)
{
	char prefix[64];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	say(prefix, fmt, ap);
	va_end(ap);
	if (hint)
		fprintf(stderr, "hint: %s\n", hint);
	exit(EXIT_SETUP);
}

/* With -v, print "[parent] what" or "[child] what". */
static void narrate(const char *fmt, ...)
{
	char prefix[16];
	va_list ap;

	if (!verbose)
		return;
	snprintf(prefix, sizeof(prefix), "[%s] ", side);
	va_start(ap, fmt);
	say(prefix, fmt, ap);
	va_end(ap);
}

/* check(ret, "what"): narrate a system call and its result, and return it;
 * if it failed (-1), stop: "ns: what: strerror(errno)", exit 125. */
static long check(long ret, const char *fmt, ...)
{
	int saved_errno = errno;	/* before anything can change it */
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (ret == -1) {
		narrate("%s = -1 (%s)", what, strerror(saved_errno));
		die("%s: %s", what, strerror(saved_errno));
	}
	narrate("%s = %ld", what, ret);
	return ret;
}

/* "CLONE_NEWPID|SIGCHLD": the flags of a clone(2) call, as text. */
static const char *flag_names(int flags)
{
	static char text[160];
	size_t len = 0;

	text[0] = '\0';
	for (size_t i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]); i++) {
		if ((flags & flag_table[i].flag) != flag_table[i].flag)
			continue;
		len += snprintf(text + len, sizeof(text) - len, "%s%s",
				len ? "|" : "", flag_table[i].name);
	}
	return text;
}

/* The exit status of a waited-for child, as a shell would report it. */
static int exit_status(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return WEXITSTATUS(wstatus);
}
