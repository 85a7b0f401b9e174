/*
 * final/exec.c - starting COMMAND: its environment, its descriptors, the
 * vfork-like spawn and the exec itself, with a failed exec reported
 * through a pipe. The jail's child (main.c) and an entered command
 * (enter.c) both start their COMMAND so.
 *
 * Read: execve(2), execvp(3), clone(2) for CLONE_VFORK, posix_spawn(3),
 * close_range(2)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsroot.h"

/* Run FILE; if the kernel cannot (ENOEXEC: a script without "#!"), run it
 * with /bin/sh, as POSIX asks of execvp. Returns only on failure, with the
 * errno that matters. */
static int exec_file(const char *file, char *const argv[], char **sh_argv)
{
	execv(file, argv);
	if (errno != ENOEXEC)
		return errno;
	sh_argv[1] = (char *)file;
	execv("/bin/sh", sh_argv);
	return ENOEXEC;
}

/* execvp(3), written out: musl's leaves out the /bin/sh fallback, and this
 * one behaves the same whatever the libc. A name without a slash is looked
 * for in each directory of PATH (glibc's default when unset; an empty entry
 * is the working directory). Returns the errno that matters. */
static int exec_search(char *const argv[], char **sh_argv)
{
	const char *path = getenv("PATH"), *dir, *end;
	char file[PATH_MAX];
	int err = ENOENT, e;

	if (argv[0] == NULL || argv[0][0] == '\0')
		return ENOENT;
	if (strchr(argv[0], '/'))
		return exec_file(argv[0], argv, sh_argv);
	for (dir = path ? path : "/bin:/usr/bin";; dir = end + 1) {
		end = strchrnul(dir, ':');
		if (snprintf(file, sizeof(file), "%.*s%s%s", (int)(end - dir), dir,
			     end > dir ? "/" : "", argv[0]) < (int)sizeof(file)) {
			e = exec_file(file, argv, sh_argv);
			if (e == EACCES)
				err = EACCES;	/* unless found further on */
			else if (e != ENOENT && e != ENOTDIR)
				return e;
		}
		if (*end == '\0')
			return err;
	}
}

/* What COMMAND starts in, the jail's and an entered one alike: -w's
 * directory, the environment asked for, no capability (but --cap-add's),
 * no new privileges for any exec (set-uid files, file capabilities), and
 * no descriptor of ours but keep (close-on-exec). */
void command_setting(const struct options *opt, int keep)
{
	check_call(chdir(opt->workdir), callf("chdir(\"%s\")", opt->workdir),
		   "working directory %s", opt->workdir);
	set_environment(opt);
	if (!opt->keep_caps)
		drop_capabilities(opt->cap_add);
	check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS, 1)");
	close_fds_but(keep);
}

/* Room for a /bin/sh command line ("/bin/sh", the file, the arguments),
 * made here, before, not in, a vfork child; for a short one, without
 * allocating (a first allocation costs system calls and page faults). */
static char *short_sh_argv[16];

void command_prepare(struct command *cmd)
{
	size_t argc;

	for (argc = 0; cmd->argv[argc]; argc++)
		;
	cmd->sh_argv = argc + 2 <= sizeof(short_sh_argv) / sizeof(short_sh_argv[0])
		? short_sh_argv : calloc(argc + 2, sizeof(char *));
	if (cmd->sh_argv == NULL)
		die("COMMAND: out of memory");
	cmd->sh_argv[0] = "/bin/sh";
	for (size_t i = 1; i < argc; i++)
		cmd->sh_argv[i + 1] = cmd->argv[i];
}

void command_free(struct command *cmd)
{
	if (cmd->sh_argv != short_sh_argv)
		free(cmd->sh_argv);
	cmd->sh_argv = NULL;
}

/* Become COMMAND. If exec fails, tell the parent why through the pipe that
 * a successful exec would have closed. */
void command_exec(const struct command *cmd)
{
	int err;

	become_copy(cmd->side);
	sigprocmask(SIG_SETMASK, cmd->mask, NULL);
	/* Limits and the filter, last: nothing of ours runs under them. */
	apply_rlimits(cmd->opt);
	install_filter();
	narrate("execvp(\"%s\", ...)", cmd->argv[0]);
	err = exec_search(cmd->argv, cmd->sh_argv);
	narrate("execvp(\"%s\", ...) = -1 (%s)", cmd->argv[0], strerror(err));
	if (write(cmd->report_fd, &err, sizeof(err)) < 0)
		_exit(EXIT_SETUP);
	_exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/* Start COMMAND as posix_spawn(3) does: clone(CLONE_VM | CLONE_VFORK)
 * shares our memory instead of copying it, and we sleep until COMMAND has
 * called exec or failed. Cheaper than fork (make bench: tests/bench). Its
 * memory being ours, COMMAND writes little of it: `side` (set back here),
 * sh_argv[1], errno, and with --verbose the narration's scratch buffers
 * (callf(), limit_text()), none of which we rely on afterwards; no signal
 * handler can run in it (there is none).
 * AddressSanitizer keeps one map of the memory, and a child sharing ours
 * would scribble on it: built with it, nsroot forks. */
#if !defined(__SANITIZE_ADDRESS__)
static int command_start(void *arg)
{
	command_exec(arg);
}
#endif

pid_t command_spawn(const struct command *cmd)
{
	const char *speaker = side;
#if defined(__SANITIZE_ADDRESS__)
	pid_t pid = fork();

	if (pid == 0)
		command_exec(cmd);
#else
	/* COMMAND's stack until its exec; we sleep meanwhile. Not on ours:
	 * the init runs on a copy of nsroot's own stack (main.c, 4.), which
	 * `ulimit -s` bounds, the environment included. On it, even 16 KiB
	 * (COMMAND's deepest path, --verbose and a PATH search that fails,
	 * takes under 6) killed the init under `ulimit -s 16`, or 32 with
	 * 14 KB of environment, where a static array costs one page fault. */
	static char stack[64 * 1024] __attribute__((aligned(16)));
	pid_t pid = clone(command_start, stack + sizeof(stack),
			  CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)cmd);
#endif
	side = speaker;
#if defined(__SANITIZE_ADDRESS__)
	return (pid_t)check_call(pid, callf("fork()"), "start COMMAND");
#else
	return (pid_t)check_call(pid, callf("clone(CLONE_VM|CLONE_VFORK|SIGCHLD)"),
				 "start COMMAND");
#endif
}

void set_environment(const struct options *opt)
{
	if (opt->clearenv && clearenv() != 0)
		die("clear the environment: failed");
	for (size_t i = 0; i < opt->n_setenv; i++) {
		char *eq = strchr(opt->setenv[i], '=');
		char name[256];

		if (eq == NULL) {	/* --unsetenv NAME */
			if (unsetenv(opt->setenv[i]) == -1)
				die_errno("unsetenv %s", opt->setenv[i]);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - opt->setenv[i]), opt->setenv[i]);
		if (setenv(name, eq + 1, 1) == -1)
			die_errno("setenv %s", opt->setenv[i]);
	}
}

/* Close every descriptor above 2 but keep (-1 for none). close_range(2)
 * closes them at once; before Linux 5.9 (or under valgrind), one by one,
 * as /proc/self/fd lists them, below the limit of open files. */
void close_fds_but(int keep)
{
	struct rlimit limit = { 0, 0 };
	struct dirent *entry;
	DIR *dir;

	if (keep < 3 && tell(syscall(SYS_close_range, 3, ~0U, 0), "close_range(3, ~0U, 0)") == 0)
		return;
	if (keep >= 3 &&
	    (keep == 3 || tell(syscall(SYS_close_range, 3, keep - 1, 0), "close_range(3, %d, 0)",
			       keep - 1) == 0) &&
	    tell(syscall(SYS_close_range, keep + 1, ~0U, 0), "close_range(%d, ~0U, 0)",
		 keep + 1) == 0)
		return;
	getrlimit(RLIMIT_NOFILE, &limit);
	dir = opendir("/proc/self/fd");
	if (dir == NULL)
		die_errno("list /proc/self/fd");
	while ((entry = readdir(dir)) != NULL) {
		long fd = strtol(entry->d_name, NULL, 10);

		if (fd > 2 && fd != keep && fd != dirfd(dir) && (rlim_t)fd < limit.rlim_cur)
			close((int)fd);
	}
	closedir(dir);
}
