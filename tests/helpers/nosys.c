/*
 * tests/helpers/nosys.c - run a command on a kernel that seems older:
 * the system calls named fail with ENOSYS, as on a kernel without them.
 * nsroot's fallbacks (for Linux before 5.12, 5.9, 5.6, 5.2) are tested
 * with it on any kernel.
 *
 * usage: nosys NAME[,NAME]... COMMAND [ARG]...
 *   NAME: open_tree move_mount fsopen fsconfig fsmount mount_setattr
 *         openat2 close_range
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *name;
	int nr;
} calls[] = {
	{ "open_tree", 428 }, { "move_mount", 429 }, { "fsopen", 430 },
	{ "fsconfig", 431 }, { "fsmount", 432 }, { "close_range", 436 },
	{ "openat2", 437 }, { "mount_setattr", 442 },
};

int main(int argc, char *argv[])
{
	struct sock_filter code[2 + 2 * 8 + 1];
	struct sock_fprog prog = { .filter = code };
	char names[256], *name, *save;
	int n = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: nosys NAME[,NAME]... COMMAND [ARG]...\n");
		return 2;
	}
	code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						 offsetof(struct seccomp_data, nr));
	snprintf(names, sizeof(names), "%s", argv[1]);
	for (name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		size_t i = 0;

		while (i < sizeof(calls) / sizeof(calls[0]) && strcmp(calls[i].name, name) != 0)
			i++;
		if (i == sizeof(calls) / sizeof(calls[0]) || n > 2 * 8) {
			fprintf(stderr, "nosys: unknown system call %s\n", name);
			return 2;
		}
		code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
							 (unsigned)calls[i].nr, 0, 1);
		code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
							 SECCOMP_RET_ERRNO | ENOSYS);
	}
	/* cppcheck-suppress unreadVariable ; read by the kernel */
	code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1) {
		perror("nosys: seccomp");
		return 125;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "nosys: %s: %s\n", argv[2], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
