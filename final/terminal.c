/*
 * final/terminal.c - the caller's terminal, lent to the jail.
 *
 * The jail runs in a process group of its own, so that nothing inside can
 * signal the caller's shell or nsroot itself: kill(0) reaches the jail
 * only. A shell does the same for each job it starts, and makes that group
 * the terminal's foreground, so that Ctrl-C and Ctrl-Z reach the job and
 * the job may read the terminal. nsroot does what a shell does: it gives
 * the terminal to the jail when the terminal is its to give (nsroot runs
 * in the foreground), takes it back when the jail ends (on every exit
 * path, through atexit), and when COMMAND stops (Ctrl-Z, or reading the
 * terminal from the background) it takes the terminal back and stops too,
 * so that the caller's shell sees a stopped job; `fg` continues nsroot,
 * which gives the terminal to the jail again and continues it.
 *
 * Read: tcsetpgrp(3), setpgid(2), credentials(7) ("Process groups and
 * sessions")
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "nsroot.h"

static int tty = -1;		/* our controlling terminal, if we have one */
static pid_t jail_pgrp;		/* the jail's process group */
static char jail_pidns[64];	/* "pid:[N]": its PID namespace, read while we may */
static ssize_t jail_pidns_len;

/* Set the terminal's foreground group. Blocking SIGTTOU lets a process in
 * the background do it: else the kernel would stop it. */
static void set_foreground(pid_t pgrp)
{
	sigset_t ttou, old;

	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	tell(tcsetpgrp(tty, pgrp), "tcsetpgrp(%d</dev/tty>, %ld)", tty, (long)pgrp);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Is the foreground group fg the jail's? Its init's, or another that a
 * process inside made and gave the terminal to (it may: it is in our
 * session), which is then led from inside the jail's PID namespace, or
 * has no one left once the jail is gone. The caller's own groups are
 * none of these. */
static int jails_group(pid_t fg)
{
	char theirs[64], path[64];
	ssize_t n;

	if (fg == jail_pgrp)
		return 1;
	if (fg <= 0 || fg == getpgrp())
		return 0;
	if (kill(-fg, 0) == -1 && errno == ESRCH)
		return 1;
	snprintf(path, sizeof(path), "/proc/%ld/ns/pid", (long)fg);
	n = readlink(path, theirs, sizeof(theirs));
	return jail_pidns_len > 0 && n == jail_pidns_len &&
	       memcmp(theirs, jail_pidns, (size_t)n) == 0;
}

/* If the jail has the terminal, our own process group gets it back. */
static void take_terminal(void)
{
	if (tty >= 0 && jails_group(tcgetpgrp(tty)))
		set_foreground(getpgrp());
}

static void take_terminal_at_exit(void)
{
	take_terminal();
	if (tty >= 0)
		close(tty);
	tty = -1;
}

/* Parent: with a controlling terminal, follow the jail's process group
 * (its init's pid) as a shell follows a job; make it the foreground now
 * if we are the foreground. (A shell without job control runs all its
 * commands in its own group, the foreground, `nsroot ... &` included:
 * such a jail takes the terminal as the command would have had it.) */
void give_terminal(pid_t jail)
{
	char path[64];
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd == -1)
		return;		/* no controlling terminal (tty stays as it is, untouched:
				 * a first write to its page would copy it, after the clone) */
	tty = fd;
	jail_pgrp = jail;
	/* now, while its init, waiting for its maps, is still dumpable */
	snprintf(path, sizeof(path), "/proc/%ld/ns/pid", (long)jail);
	jail_pidns_len = readlink(path, jail_pidns, sizeof(jail_pidns));
	atexit(take_terminal_at_exit);
	if (tcgetpgrp(tty) == getpgrp())
		set_foreground(jail);
}

/* Do we have a terminal to follow the jail on? */
int terminal_given(void)
{
	return tty >= 0;
}

/* Parent: COMMAND stopped. Stop too, terminal in hand, as a job does;
 * once continued (fg or bg), continue the jail, in the foreground again
 * if we are. */
void stop_with_jail(pid_t jail)
{
	take_terminal();
	/* returns once continued */
	tell(kill(getpid(), SIGSTOP), "kill(%ld, SIGSTOP)", (long)getpid());
	if (tcgetpgrp(tty) == getpgrp())
		set_foreground(jail);
	tell(kill(-jail, SIGCONT), "kill(-%ld, SIGCONT)", (long)jail);
}
