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
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "nsroot.h"

static int tty = -1;		/* our controlling terminal, if we have one */
static pid_t jail_pgrp;		/* the jail's process group */

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

/* If the jail has the terminal, our own process group gets it back. */
static void take_terminal(void)
{
	if (tty >= 0 && tcgetpgrp(tty) == jail_pgrp)
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
	tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty == -1)
		return;		/* no controlling terminal */
	jail_pgrp = jail;
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
