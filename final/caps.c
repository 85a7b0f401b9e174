/*
 * final/caps.c - capability names, for --cap-add.
 *
 * The names of capabilities(7), in the order of their numbers (as
 * linux/capability.h numbers them), with or without "CAP_", any case.
 */
#define _GNU_SOURCE
#include <string.h>
#include <strings.h>

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
