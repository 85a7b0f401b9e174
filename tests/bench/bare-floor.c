/*
 * tests/bench/bare-floor.c - the least a jail like nsroot's can do: the
 * yardstick of make bench's part 3, not a tool (it checks little).
 *
 * usage: bare-floor [-C] [-N] NEWROOT COMMAND [ARG]...
 *
 * clone with user, mount, PID, UTS, (unless -N) IPC and network, and
 * (unless -C) cgroup namespaces; the parent denies setgroups and writes
 * one-line maps; the child makes / private, binds NEWROOT onto itself,
 * mounts /proc and the same /dev as nsroot (tmpfs, six device binds,
 * devpts, five links), brings lo up (with a network namespace),
 * pivot_root(".", "."), detaches the old root and execs COMMAND.
 * Nothing else: safe-floor.c adds the least of nsroot's safety.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[256 * 1024] __attribute__((aligned(16)));
static int sync_pipe[2];
static int net = 1;	/* a network namespace: lo to bring up */
static char **argv_;

static _Noreturn void fail(const char *what)
{
	perror(what);
	_exit(125);
}

static void write_file(pid_t pid, const char *name, const char *text)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd == -1 || write(fd, text, strlen(text)) == -1)
		fail(path);
	close(fd);
}

static void mount_dev(void)
{
	static const char *const devices[] = { "null", "zero", "full", "random", "urandom", "tty" };
	static const char *const links[][2] = {
		{ "pts/ptmx", "dev/ptmx" }, { "/proc/self/fd", "dev/fd" },
		{ "/proc/self/fd/0", "dev/stdin" }, { "/proc/self/fd/1", "dev/stdout" },
		{ "/proc/self/fd/2", "dev/stderr" },
	};
	char host[32], here[32];

	if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755,size=64k"))
		fail("mount /dev");
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		snprintf(host, sizeof(host), "/dev/%s", devices[i]);
		snprintf(here, sizeof(here), "dev/%s", devices[i]);
		close(open(here, O_CREAT | O_WRONLY | O_CLOEXEC, 0666));
		if (mount(host, here, NULL, MS_BIND, NULL))
			fail(host);
	}
	if (mkdir("dev/pts", 0755) || mount("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
					    "newinstance,ptmxmode=0666,mode=0620"))
		fail("mount /dev/pts");
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink(links[i][0], links[i][1]))
			fail(links[i][1]);
}

static int child(void *newroot)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	char byte;

	close(sync_pipe[1]);
	if (read(sync_pipe[0], &byte, 1) != 1)
		_exit(125);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount(newroot, newroot, NULL, MS_BIND | MS_REC, NULL) || chdir(newroot))
		fail("new root");
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		fail("mount /proc");
	mount_dev();
	if (net) {
		int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

		if (sock == -1 || ioctl(sock, SIOCGIFFLAGS, &ifr) == -1)
			fail("lo");
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(sock, SIOCSIFFLAGS, &ifr) == -1)
			fail("lo up");
		close(sock);
	}
	if (syscall(SYS_pivot_root, ".", ".") || umount2(".", MNT_DETACH) || chdir("/"))
		fail("pivot_root");
	execv(argv_[0], argv_);
	fail(argv_[0]);
	return 0;
}

int main(int argc, char *argv[])
{
	int flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
		    CLONE_NEWNET | CLONE_NEWCGROUP;
	char map[32];
	int status, first = 1;
	pid_t pid;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "-C") == 0) {
			flags &= ~CLONE_NEWCGROUP;
		} else if (strcmp(argv[first], "-N") == 0) {
			flags &= ~(CLONE_NEWIPC | CLONE_NEWNET);
			net = 0;
		} else {
			break;
		}
	}
	if (argc < first + 2) {
		fprintf(stderr, "usage: bare-floor [-C] [-N] NEWROOT COMMAND [ARG]...\n");
		return 2;
	}
	argv_ = &argv[first + 1];
	if (pipe2(sync_pipe, O_CLOEXEC))
		fail("pipe2");
	pid = clone(child, stack + sizeof(stack), flags | SIGCHLD, argv[first]);
	if (pid == -1)
		fail("clone");
	write_file(pid, "setgroups", "deny");
	snprintf(map, sizeof(map), "0 %d 1", (int)getuid());
	write_file(pid, "uid_map", map);
	snprintf(map, sizeof(map), "0 %d 1", (int)getgid());
	write_file(pid, "gid_map", map);
	if (write(sync_pipe[1], "", 1) != 1)
		fail("write(sync)");
	if (waitpid(pid, &status, 0) != pid)
		fail("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
