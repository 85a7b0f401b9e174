/*
 * final/default-filter.c - make's helper: prints nsroot's default seccomp
 * program (no --seccomp-deny, no --disable-userns), as built by
 * final/seccomp.c itself, as the lines of a C array. make keeps them in
 * build/default-filter.h, which seccomp.c installs as they are: a run of
 * nsroot builds no program unless its options change it. It runs where
 * nsroot is built, so a cross build would need it built for the build
 * machine with the target's numbers: make does not do that.
 */
#define NSROOT_NO_DEFAULT_FILTER	/* the header being made here */
#include "seccomp.c"	/* NOLINT(bugprone-suspicious-include): to build the program */

#include <stdio.h>

int main(void)
{
	struct options opt = { 0 };

	if (FILTER_ARCH == 0) {
		/* No filter written for this architecture: nsroot still builds,
		 * and a run dies as it starts (build_filter(): --seccomp none).
		 * prepare_filter() never takes this placeholder, there for an
		 * array that C does not let be empty. */
		printf("\t{ 0, 0, 0, 0 },\n");
		return 0;
	}
	build_filter(&opt);
	for (unsigned i = 0; i < program_len; i++)
		printf("\t{ 0x%04x, %3u, %3u, 0x%08x },\n", (unsigned)program[i].code,
		       (unsigned)program[i].jt, (unsigned)program[i].jf, (unsigned)program[i].k);
	return 0;
}
