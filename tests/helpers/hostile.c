/*
 * tests/helpers/hostile.c - what a hostile command inside a jail would try,
 * one system call at a time, saying what the kernel answered.
 *
 * usage: hostile remount-rw PATH   mount(2) PATH read-write again
 *        hostile umount PATH       umount2(2) PATH
 *        hostile tiocsti TEXT      push TEXT into the terminal on fd 0
 * Exit status: 0 if the call succeeded, 1 if the kernel refused it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int ret = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: hostile remount-rw|umount PATH | tiocsti TEXT\n");
		return 2;
	}
	if (strcmp(argv[1], "remount-rw") == 0) {
		ret = mount(NULL, argv[2], "none", MS_REMOUNT | MS_BIND, NULL);
	} else if (strcmp(argv[1], "umount") == 0) {
		ret = umount2(argv[2], MNT_DETACH);
	} else if (strcmp(argv[1], "tiocsti") == 0) {
		for (const char *c = argv[2]; *c && ret == 0; c++)
			ret = ioctl(STDIN_FILENO, TIOCSTI, c);
	} else {
		return 2;
	}
	printf("%s %s: %s\n", argv[1], argv[2], ret == 0 ? "done" : strerror(errno));
	return ret == 0 ? 0 : 1;
}
