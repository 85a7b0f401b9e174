/*
 * step6-user-pivot/ns.c - Lesson 6: no root needed, and a root of its own.
 *
 * Builds on step5-ipc. New here:
 *   - -U adds CLONE_NEWUSER: an unprivileged user becomes root inside,
 *     with every capability over the namespaces it creates. The child
 *     waits on a pipe while the parent writes "deny" to its setgroups
 *     and "0 UID 1" to its uid_map and gid_map
 *   - -r DIR makes DIR the root with pivot_root(2): the old root is
 *     detached, nothing is left above the new one
 *   - -c DIR makes DIR the root with chroot(2), kept for contrast: see
 *     escape.c, which gets out of -c but not out of -r
 *
 * Try:  ./ns -U -p -m -r rootfs sh   (as yourself, not root)
 * Read: user_namespaces(7), pivot_root(2), chroot(2)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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
	const char *hostname;	/* -u: the child's hostname */
	char queue[32];		/* the demo's message queue: "/nslab-PID" */
	const char *root_dir;	/* -r or -c: the new root */
	int pivot;		/* 1 for -r (pivot_root), 0 for -c (chroot) */
	int sync_pipe[2];	/* -U: the parent writes one byte when the maps are set */
	int exec_pipe[2];	/* the child writes errno here if exec fails */
};

static char *default_command[] = { "/bin/sh", NULL };

static const char *demo_queue;		/* the queue to remove at exit */
static int verbose;			/* -v: narrate every system call */
static const char *hint;		/* one line of advice for die() to add */
static const char *side = "parent";	/* who is speaking: parent or child */

/* The flags of clone(2) that -v names, in this order: those taught so far. */
static const struct { int flag; const char *name; } flag_table[] = {
	{ CLONE_NEWUSER, "CLONE_NEWUSER" },
	{ CLONE_NEWNS, "CLONE_NEWNS" },
	{ CLONE_NEWPID, "CLONE_NEWPID" },
	{ CLONE_NEWUTS, "CLONE_NEWUTS" },
	{ CLONE_NEWNET, "CLONE_NEWNET" },
	{ CLONE_NEWIPC, "CLONE_NEWIPC" },
	{ SIGCHLD, "SIGCHLD" },
};

/* The helpers, after main(): the lessons' own, then the plumbing. */
static void mount_proc(const char *target);
static void loopback_up(void);
static void remove_demo_queue(void);
static void make_demo_queue(char *name, size_t size);
static void look_for_demo_queue(const char *name);
static void write_id_maps(pid_t pid);
static void pivot_to_cwd(void);
static _Noreturn void die(const char *fmt, ...);
static void narrate(const char *fmt, ...);
static long check(long ret, const char *fmt, ...);
static const char *flag_names(int flags);
static int exit_status(int wstatus);

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out,
		"usage: %s [-h] [-v] [-p] [-m] [-u HOSTNAME] [-n] [-i] [-U] [-c DIR | -r DIR]\n"
		"          [--] [COMMAND [ARG]...]\n"
		"Run COMMAND (default /bin/sh) in new namespaces.\n"
		"\n"
		"  -h  show this help and exit\n"
		"  -v  narrate every system call, parent and child, on stderr\n"
		"  -p  new PID namespace: COMMAND is PID 1\n"
		"  -m  new mount namespace; with -p, a fresh /proc\n"
		"  -u HOSTNAME  new UTS namespace, with this hostname\n"
		"  -n  new network namespace, with lo up\n"
		"  -i  new IPC namespace (see the message queue demo)\n"
		"  -U  new user namespace: root inside, no root needed outside\n"
		"  -r DIR  switch root to DIR with pivot_root (implies -m)\n"
		"  -c DIR  switch root to DIR with chroot (escapable: see escape.c)\n"
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
	demo_queue = NULL;	/* the parent's to remove, not ours */
	close(opt->exec_pipe[0]);
	close(opt->sync_pipe[1]);
	narrate("getpid() = %ld", (long)getpid());

	/* Until the parent has written our maps we are nobody (uid 65534):
	 * execve would then recompute our capabilities as a non-root user's,
	 * and drop them all. Wait for its byte; end of file means it died. */
	if (opt->clone_flags & CLONE_NEWUSER) {
		char byte;

		if (read(opt->sync_pipe[0], &byte, 1) != 1)
			_exit(EXIT_SETUP);
		narrate("getuid() = %ld", (long)getuid());
	}

	/* The new mount table starts as a copy of the host's, with the same
	 * propagation: on a shared /, a mount made here would appear on the
	 * host too. Making everything private first cuts that link. */
	if (opt->clone_flags & CLONE_NEWNS)
		check(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL),
		      "mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE)");

	/* Go into the new root. pivot_root needs it to be a mount point:
	 * binding it onto itself makes it one. */
	if (opt->pivot)
		check(mount(opt->root_dir, opt->root_dir, NULL, MS_BIND | MS_REC, NULL),
		      "mount(\"%s\", \"%s\", NULL, MS_BIND|MS_REC)",
		      opt->root_dir, opt->root_dir);
	if (opt->root_dir)
		check(chdir(opt->root_dir), "chdir(\"%s\")", opt->root_dir);

	/* /proc shows the PID namespace of whoever mounted it: mount our own
	 * over the host's, in our private mount table. In a new root, mount
	 * it before the switch: the kernel lets a user namespace mount proc
	 * only while a full /proc is in sight. */
	if ((opt->clone_flags & CLONE_NEWNS) && (opt->clone_flags & CLONE_NEWPID))
		mount_proc(opt->root_dir ? "proc" : "/proc");

	if (opt->pivot)
		pivot_to_cwd();
	else if (opt->root_dir)
		check(chroot("."), "chroot(\".\")");

	/* The UTS namespace is a copy of the host's: changing it here leaves
	 * the host's hostname alone. */
	if (opt->hostname)
		check(sethostname(opt->hostname, strlen(opt->hostname)),
		      "sethostname(\"%s\")", opt->hostname);

	/* A new network namespace has lo, but down: bring it up. */
	if (opt->clone_flags & CLONE_NEWNET)
		loopback_up();

	/* Is the parent's queue in our IPC namespace? */
	look_for_demo_queue(opt->queue);

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
	while ((c = getopt(argc, argv, "+:hvpmu:niUc:r:")) != -1) {
		switch (c) {
		case 'h': usage(stdout, 0); break;
		case 'v': verbose = 1; break;
		case 'p': opt.clone_flags |= CLONE_NEWPID; break;
		case 'm': opt.clone_flags |= CLONE_NEWNS; break;
		case 'u':
			opt.clone_flags |= CLONE_NEWUTS;
			opt.hostname = optarg;
			break;
		case 'n': opt.clone_flags |= CLONE_NEWNET; break;
		case 'i': opt.clone_flags |= CLONE_NEWIPC; break;
		case 'U': opt.clone_flags |= CLONE_NEWUSER; break;
		case 'c':
		case 'r':
			if (opt.root_dir)
				die("options -c and -r go alone: one new root");
			opt.root_dir = optarg;
			opt.pivot = (c == 'r');
			/* pivot_root changes the mount table: never the host's */
			if (opt.pivot)
				opt.clone_flags |= CLONE_NEWNS;
			break;
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

	/* With -U, a second pipe: the child waits on it for its maps. */
	check(pipe2(opt.sync_pipe, O_CLOEXEC), "pipe2(O_CLOEXEC)");

	/* The demo: a message queue made here, before clone, in the IPC
	 * namespace of the host. */
	make_demo_queue(opt.queue, sizeof(opt.queue));

	/* Start the child in its new namespaces. SIGCHLD is the signal the
	 * parent gets when the child ends, so that waitpid() works. */
	pid = clone(child, child_stack + sizeof(child_stack),
		    opt.clone_flags | SIGCHLD, &opt);
	if (pid == -1)		/* most often: not allowed to make a namespace */
		hint = opt.clone_flags & CLONE_NEWUSER
		       ? "unprivileged user namespaces may be off here: run ../scripts/doctor"
		       : "new namespaces need root: try sudo, or add -U";
	check(pid, "clone(%s)", flag_names(opt.clone_flags | SIGCHLD));

	/* With -U, write the child's maps, then let it go on. (Only
	 * then: without -U the child does not wait, and may have run
	 * and closed the pipe already, and a write would get SIGPIPE.) */
	close(opt.sync_pipe[0]);
	if (opt.clone_flags & CLONE_NEWUSER) {
		write_id_maps(pid);
		check(write(opt.sync_pipe[1], "", 1), "write(sync pipe)");
	}
	close(opt.sync_pipe[1]);

	/* Wait for the exec: read() returns 0 when it succeeded. */
	close(opt.exec_pipe[1]);
	n = read(opt.exec_pipe[0], &err, sizeof(err));
	close(opt.exec_pipe[0]);
	remove_demo_queue();	/* the child has looked: the demo is over */

	/* Wait for the child and pass its status on. */
	check(waitpid(pid, &wstatus, 0), "waitpid(%ld)", (long)pid);
	if (n == sizeof(err)) {
		fprintf(stderr, "%s: exec %s: %s\n",
			program_invocation_short_name, opt.argv[0], strerror(err));
	}
	narrate("child exit status %d", exit_status(wstatus));
	return exit_status(wstatus);
}

/*** the lessons' helpers: each as it was first written ***/

/* Mount a new proc filesystem, for the PID namespace we are in, at target. */
static void mount_proc(const char *target)
{
	check(mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL),
	      "mount(\"proc\", \"%s\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC)",
	      target);
}

/* Bring the loopback interface up: read its flags, add IFF_UP, write them
 * back. Any socket will do as a handle for these ioctls. */
static void loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int sock = check(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0),
			 "socket(AF_INET, SOCK_DGRAM)");

	check(ioctl(sock, SIOCGIFFLAGS, &ifr), "ioctl(SIOCGIFFLAGS, \"lo\")");
	ifr.ifr_flags |= IFF_UP;
	check(ioctl(sock, SIOCSIFFLAGS, &ifr), "ioctl(SIOCSIFFLAGS, \"lo\", IFF_UP)");
	close(sock);
}

/* Remove the demo's message queue, once, however ns ends. */
static void remove_demo_queue(void)
{
	if (demo_queue == NULL)
		return;
	narrate("mq_unlink(\"%s\") = %d", demo_queue, mq_unlink(demo_queue));
	demo_queue = NULL;
}

/* Make the demo's message queue, in the IPC namespace we are in. */
static void make_demo_queue(char *name, size_t size)
{
	snprintf(name, size, "/nslab-%ld", (long)getpid());
	mq_close(check(mq_open(name, O_CREAT | O_EXCL | O_RDONLY, 0600, NULL),
		       "mq_open(\"%s\", O_CREAT|O_EXCL)", name));
	demo_queue = name;
	atexit(remove_demo_queue);
}

/* Look the demo's queue up by name, and, with -v, say what we found. */
static void look_for_demo_queue(const char *name)
{
	mqd_t q = mq_open(name, O_RDONLY);

	if (q != (mqd_t)-1) {
		narrate("message queue %s: found", name);
		mq_close(q);
	} else if (errno == ENOENT) {
		narrate("message queue %s: not found", name);
	} else {
		narrate("message queue %s: %s", name, strerror(errno));
	}
}

/* Write text into a file: how the parent sets the child's id maps. */
static void write_file(const char *path, const char *text)
{
	int fd = check(open(path, O_WRONLY | O_CLOEXEC), "open(\"%s\")", path);

	check(write(fd, text, strlen(text)), "write(\"%s\", \"%s\")", path, text);
	close(fd);
}

/* Map root inside the child's user namespace to us outside: uid 0 is our
 * uid, gid 0 our gid. An unprivileged process may write gid_map only after
 * giving up setgroups(2), which could otherwise drop a group that denies
 * it access to a file. */
static void write_id_maps(pid_t pid)
{
	char path[64], map[64];

	snprintf(path, sizeof(path), "/proc/%ld/setgroups", (long)pid);
	write_file(path, "deny");
	snprintf(path, sizeof(path), "/proc/%ld/uid_map", (long)pid);
	snprintf(map, sizeof(map), "0 %lu 1", (unsigned long)getuid());
	write_file(path, map);
	snprintf(path, sizeof(path), "/proc/%ld/gid_map", (long)pid);
	snprintf(map, sizeof(map), "0 %lu 1", (unsigned long)getgid());
	write_file(path, map);
}

/* Make the current directory the root with pivot_root(2). Passing "." twice
 * stacks the old root on top of the new one; detaching it then leaves the
 * new root alone, with no way up to the host's files. */
static void pivot_to_cwd(void)
{
	check(syscall(SYS_pivot_root, ".", "."), "pivot_root(\".\", \".\")");
	check(umount2(".", MNT_DETACH), "umount2(\".\", MNT_DETACH)");
	check(chdir("/"), "chdir(\"/\")");
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
