/*
 * tests/bench/safe-floor.c - the least a jail with nsroot's promises can
 * do: bare-floor.c plus the least of nsroot's safety. A yardstick of make
 * bench's part 3, not a tool (it checks little).
 *
 * usage: safe-floor [-C] [-N] NEWROOT COMMAND [ARG]...
 *
 * clone with user, mount, PID, UTS, (unless -N) IPC and network, and
 * (unless -C) cgroup namespaces; the parent denies setgroups and writes
 * one-line maps; the child makes / private, binds NEWROOT onto itself,
 * mounts /proc and the same /dev as nsroot (tmpfs, six device binds,
 * devpts, five links), brings lo up (with a network namespace),
 * pivot_root(".", "."), detaches the old root and execs COMMAND.
 * New here (diff -u bare-floor.c safe-floor.c): the child stays as init
 * and vforks COMMAND (with clone, as nsroot does) and waits for it; it
 * drops every capability and the bounding set, sets no_new_privs, and
 * COMMAND installs a one-rule seccomp filter before its exec.
 *
 * -N (part 6 of make bench) leaves out the two namespaces whose set-up
 * and teardown are most of a run's time, and of its noise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
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

/* The bounding set up to the last capability, then one capset. */
static void drop_capabilities(void)
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };

	for (int cap = 0; prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0 || errno != EINVAL; cap++)
		;
	if (syscall(SYS_capset, &header, data))
		fail("capset");
}

static struct sock_filter allow_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
static struct sock_fprog filter = { .len = 1, .filter = allow_all };

static char command_stack[64 * 1024] __attribute__((aligned(16)));

static int command(void *unused)
{
	(void)unused;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter))
		_exit(125);
	execv(argv_[0], argv_);
	_exit(127);
}

static int child(void *newroot)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	char byte;
	int status;
	pid_t pid;

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
	drop_capabilities();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fail("no_new_privs");
	/* vfork, as nsroot starts COMMAND: clone(CLONE_VM | CLONE_VFORK) */
	pid = clone(command, command_stack + sizeof(command_stack), CLONE_VM | CLONE_VFORK | SIGCHLD,
		    NULL);
	if (pid == -1 || waitpid(pid, &status, 0) != pid)
		fail("vfork");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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
		fprintf(stderr, "usage: safe-floor [-C] [-N] NEWROOT COMMAND [ARG]...\n");
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
