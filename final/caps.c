/*
 * final/caps.c - capabilities: their names, for --cap-add, and dropping
 * them, before COMMAND starts.
 *
 * The names of capabilities(7), in the order of their numbers (as
 * linux/capability.h numbers them), with or without "CAP_", any case.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsroot.h"

static const char *const capability_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
	"setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service",
	"net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
	"sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time",
	"sys_tty_config", "mknod", "lease", "audit_write", "audit_control",
	"setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

/* The number of capability name ("CAP_NET_RAW", "net_raw"), or -1. */
int capability_number(const char *name)
{
	if (strncasecmp(name, "cap_", 4) == 0)
		name += 4;
	for (size_t i = 0; i < sizeof(capability_names) / sizeof(capability_names[0]); i++)
		if (strcasecmp(name, capability_names[i]) == 0)
			return (int)i;
	return -1;
}

/* Drop every capability but those of keep (--cap-add, bit N for
 * capability N): the bounding set first (so that no exec can give them
 * back, even to uid 0), then the ambient set, then our own. What is kept
 * stays in the bounding, permitted, effective and inheritable sets, and
 * is raised in the ambient set, so that COMMAND has it after exec
 * whatever its uid inside. */
void drop_capabilities(unsigned long long keep)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ (unsigned)keep, (unsigned)keep, (unsigned)keep },
		{ (unsigned)(keep >> 32), (unsigned)(keep >> 32), (unsigned)(keep >> 32) },
	};

	int cap;

	for (cap = 0; cap < 64; cap++) {
		if (keep & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
			continue;
		if (errno == EINVAL)
			break;		/* past the last capability this kernel has */
		tell(-1, "prctl(PR_CAPBSET_DROP, %d)", cap);
		die_errno("drop capability %d from the bounding set", cap);
	}
	/* one line for them all: a line each would drown the rest */
	narrate("prctl(PR_CAPBSET_DROP, 0 to %d%s) = 0", cap - 1, keep ? ", but --cap-add's" : "");
	if (tell(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0),
		 "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)") == -1 && errno != EINVAL)
		die_errno("clear the ambient capabilities");
	check_call(syscall(SYS_capset, &header, data),
		   callf("capset({_LINUX_CAPABILITY_VERSION_3, 0}, {%#llx, %#llx, %#llx})",
			 keep, keep, keep),
		   keep ? "drop all capabilities but --cap-add's" : "drop all capabilities");
	for (cap = 0; cap < 64; cap++)
		if (keep & (1ULL << cap))
			check(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0),
			      "prctl(PR_CAP_AMBIENT_RAISE, %d)", cap);
}
