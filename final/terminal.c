/*
 * final/terminal.c - the caller's terminal, lent to the jail.
 *
 * The jail runs in a process group of its own, so that nothing inside can
 * signal the caller's shell or nsroot itself: kill(0) reaches the jail
 * only. A shell does the same for each job it starts, and makes that group
 * the terminal's foreground, so that Ctrl-C and Ctrl-Z reach the job and
 * the job may read the terminal. nsroot does what a shell does: it gives
 * the terminal to the jail when the terminal is its to give, takes it back
 * when the jail ends (on every exit path, through atexit), and when
 * COMMAND stops (Ctrl-Z) it takes the terminal back and stops too, so that
 * the caller's shell sees a stopped job; `fg` continues nsroot, which
 * gives the terminal to the jail again and continues it.
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

static int tty = -1;		/* the caller's terminal, while the jail has it */

/* Make our own process group the terminal's foreground again. */
static void take_terminal(void)
{
	sigset_t ttou, old;

	if (tty < 0)
		return;
	/* We are in the background now: the kernel stops a background
	 * process that changes the foreground, unless SIGTTOU is blocked. */
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	narrate("tcsetpgrp(/dev/tty, %ld) = %d", (long)getpgrp(), tcsetpgrp(tty, getpgrp()));
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void take_terminal_at_exit(void)
{
	take_terminal();
	if (tty >= 0)
		close(tty);
	tty = -1;
}

/* Parent: make the jail's process group (its init's pid) the foreground
 * of our controlling terminal, if we have one and are its foreground. */
void give_terminal(pid_t jail)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd == -1)
		return;		/* no controlling terminal */
	give_terminal_fd(fd, jail);
}

/* The same, with /dev/tty open already on fd (which it takes). */
void give_terminal_fd(int fd, pid_t jail)
{
	if (tcgetpgrp(fd) != getpgrp()) {
		close(fd);	/* we run in the background: not ours to give */
		return;
	}
	if (tcsetpgrp(fd, jail) == -1) {
		narrate("tcsetpgrp(/dev/tty, %ld) = -1", (long)jail);
		close(fd);
		return;
	}
	narrate("tcsetpgrp(/dev/tty, %ld) = 0", (long)jail);
	tty = fd;
	atexit(take_terminal_at_exit);
}

int terminal_given(void)
{
	return tty >= 0;
}

/* Parent: COMMAND stopped at the terminal (Ctrl-Z). Stop too, terminal
 * in hand, as a job does; once continued (fg or bg), continue the jail,
 * in the foreground again if we are. */
void stop_with_jail(pid_t jail)
{
	take_terminal();
	narrate("kill(%ld, SIGSTOP)", (long)getpid());
	kill(getpid(), SIGSTOP);	/* returns once continued */
	if (tcgetpgrp(tty) == getpgrp())
		narrate("tcsetpgrp(/dev/tty, %ld) = %d", (long)jail, tcsetpgrp(tty, jail));
	narrate("kill(-%ld, SIGCONT) = %d", (long)jail, kill(-jail, SIGCONT));
}
