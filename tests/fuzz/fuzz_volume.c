/*
 * tests/fuzz/fuzz_volume.c - libFuzzer target for nsroot's -v and -t specs.
 * Any bytes, as one argument: parse_volume() and parse_tmpfs() must return
 * 0 or -1 with a message, never crash, never leak.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../final/nsroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = strndup((const char *)data, size);
	char err[512];
	struct volume vol;
	struct tmpfs_mount t;

	if (spec == NULL)
		return 0;
	if (parse_volume(spec, &vol, err, sizeof(err)) == 0) {
		/* what was accepted is usable: DEST absolute, normalized */
		if (vol.dest[0] != '/' || strstr(vol.dest, "//") || vol.src[0] == '\0')
			abort();
		free(vol.src);
		free(vol.dest);
	} else if (err[0] == '\0') {
		abort();	/* an error always says why */
	}
	if (parse_tmpfs(spec, &t, err, sizeof(err)) == 0) {
		if (t.dest[0] != '/' || strncmp(t.dest, "/proc", 5) == 0 && (t.dest[5] == '\0' || t.dest[5] == '/'))
			abort();
		free(t.dest);
		free(t.size);
	}
	free(spec);
	return 0;
}
