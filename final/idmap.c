/*
 * final/idmap.c - who we are inside: the uid and gid maps, and becoming
 * root inside once they are written.
 *
 * A map is what /proc/PID/uid_map takes: lines of "INSIDE OUTSIDE COUNT".
 * On the command line, lines are separated by commas:
 *   -M "0 1000 1,1 100000 65536"
 * Without -M or -G, the caller's uid and gid are root inside.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsroot.h"

#define MAX_MAP_LINES 340	/* the kernel's limit, user_namespaces(7) */

/* One "INSIDE OUTSIDE COUNT" line: three numbers below 2^32, COUNT > 0,
 * and the ranges must not wrap around. */
static int parse_line(const char *line, size_t len)
{
	unsigned long long n[3];
	const char *p = line, *end = line + len;

	for (int i = 0; i < 3; i++) {
		unsigned long long v = 0;
		const char *start;

		while (p < end && *p == ' ')
			p++;
		start = p;
		while (p < end && *p >= '0' && *p <= '9' && v <= 0xffffffffULL)
			v = v * 10 + (*p++ - '0');
		if (p == start || v > 0xffffffffULL || (p < end && *p != ' '))
			return -1;
		n[i] = v;
	}
	while (p < end && *p == ' ')
		p++;
	if (p != end || n[2] == 0 || n[0] + n[2] > 0x100000000ULL ||
	    n[1] + n[2] > 0x100000000ULL)
		return -1;
	return 0;
}

/* Check a map from the command line and turn its commas into newlines.
 * Returns a new string, or NULL with err set. */
char *parse_idmap(const char *map, char *err, size_t errlen)
{
	char *text = strdup(map);
	size_t lines = 0;

	if (text == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (char *line = text;; ) {
		char *comma = strchr(line, ',');
		size_t len = comma ? (size_t)(comma - line) : strlen(line);

		if (parse_line(line, len) == -1 || ++lines > MAX_MAP_LINES) {
			bad_value(err, errlen, "map", map,
				  "expected INSIDE OUTSIDE COUNT[,...], at most %d", MAX_MAP_LINES);
			free(text);
			return NULL;
		}
		if (comma == NULL)
			break;
		*comma = '\n';
		line = comma + 1;
	}
	return text;
}

/* May we write any gid_map we like? Only with CAP_SETGID where we are. */
static int have_cap_setgid(void)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &header, data) == -1)
		return 0;
	return (data[0].effective & (1u << CAP_SETGID)) != 0;
}

static void write_map(pid_t pid, const char *file, const char *text, const char *what)
{
	char path[64], shown[4096];
	int fd;
	ssize_t n;

	/* Show the map as it was given: lines separated by commas. */
	snprintf(shown, sizeof(shown), "%s", text);
	for (char *p = shown; (p = strchr(p, '\n')) != NULL; )
		*p = ',';
	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, file);
	fd = check_call(open(path, O_WRONLY | O_CLOEXEC), callf("open(\"%s\")", path),
			"open %s", path);
	n = tell(write(fd, text, strlen(text)), "write(\"%s\", \"%s\")", path, shown);
	if (n == -1) {
		int saved_errno = errno;

		if (saved_errno == EPERM)
			die_errno_hint("without privilege, a user may map only its own "
				       "id (user_namespaces(7)); newuidmap(1) maps more",
				       "%s '%s'", what, shown);
		die_errno("%s '%s'", what, shown);
	}
	close(fd);
}

/* Without CAP_SETGID, the kernel takes a gid_map only once setgroups(2)
 * is off: else dropping a group could give access that a group had been
 * denied. Then the jail can never call setgroups, nor needs to. */
int setgroups_denied(void)
{
	return !have_cap_setgid();
}

/* Written by the parent while the child waits on the sync pipe. */
void write_id_maps(pid_t pid, const struct options *opt, int deny_setgroups)
{
	char uid_map[32], gid_map[32];

	snprintf(uid_map, sizeof(uid_map), "0 %lu 1", (unsigned long)getuid());
	snprintf(gid_map, sizeof(gid_map), "0 %lu 1", (unsigned long)getgid());
	if (deny_setgroups)
		write_map(pid, "setgroups", "deny", "setgroups");
	write_map(pid, "uid_map", opt->uid_map ? opt->uid_map : uid_map, "uid map");
	write_map(pid, "gid_map", opt->gid_map ? opt->gid_map : gid_map, "gid map");
}

/* Does this map (checked by parse_idmap: lines of three numbers), or the
 * default "0 ID 1", take the host's id 0 inside? */
static int maps_id_0(const char *map, unsigned long id)
{
	if (map == NULL)
		return id == 0;
	for (const char *line = map; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		char *end;

		strtoul(line, &end, 10);		/* INSIDE */
		if (strtoul(end, NULL, 10) == 0)	/* OUTSIDE */
			return 1;
	}
	return 0;
}

/* Is the host's root (uid or gid 0) someone inside? Then what the kernel
 * lets uid 0 do without capabilities is the jail's too, on the host's own
 * files: mounts.c protects /proc and /dev from it. */
int maps_host_root(const struct options *opt)
{
	return maps_id_0(opt->uid_map, (unsigned long)getuid()) ||
	       maps_id_0(opt->gid_map, (unsigned long)getgid());
}

/* Become root inside, if the maps give us a root: with -M, our uid outside
 * may map to another one inside, or to none. The groups we had on the
 * host mean nothing here: dropped, unless setgroups is denied (then the
 * call could only fail). A change of uid or gid clears the parent-death
 * signal: it is set again, now that they are final. The jail's child and
 * an entered command (enter.c) both do this. */
void become_root_inside(int drop_groups)
{
	/* the calls themselves: libc's wrappers would first stop every other
	 * thread of the process (there is none), four more calls each */
	tell(syscall(SYS_setresgid, 0, 0, 0), "setresgid(0, 0, 0)");
	tell(syscall(SYS_setresuid, 0, 0, 0), "setresuid(0, 0, 0)");
	if (drop_groups)
		tell(syscall(SYS_setgroups, 0, NULL), "setgroups(0, NULL)");
	check(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG, SIGKILL)");
}
