/*
 * tests/helpers/try-mount.c - call mount(2) or umount2(2) directly, as a
 * hostile command inside a jail would, and say what the kernel answered.
 *
 * usage: try-mount remount-rw PATH | umount PATH | chroot-escape
 * Exit status: 0 if the call succeeded, 1 if the kernel refused it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: try-mount remount-rw|umount PATH\n");
		return 2;
	}
	if (strcmp(argv[1], "remount-rw") == 0)
		ret = mount(NULL, argv[2], NULL, MS_REMOUNT | MS_BIND, NULL);
	else if (strcmp(argv[1], "umount") == 0)
		ret = umount2(argv[2], MNT_DETACH);
	else
		return 2;
	printf("%s %s: %s\n", argv[1], argv[2], ret == 0 ? "done" : strerror(errno));
	return ret == 0 ? 0 : 1;
}
