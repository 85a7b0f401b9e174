/*
 * final/seccomp.c - what the jail may ask the kernel: a seccomp-bpf filter,
 * written by hand with linux/filter.h and linux/seccomp.h.
 *
 * Namespaces change what a process sees, not what it may ask: every system
 * call of the kernel is still there, and some of them (keyrings, bpf, perf,
 * userfaultfd, kernel modules) have a long history of holes that
 * unprivileged code can reach. The filter is a small program the kernel
 * runs at each system call of COMMAND (and of all it starts): it reads the
 * call's number and arguments (struct seccomp_data) and answers "allow" or
 * "fail with this errno".
 *
 * The program is built by build_filter(), chosen by prepare_filter() in
 * the parent before the clone, and installed by install_filter() in
 * COMMAND, just before its exec (after no_new_privs, which the kernel
 * requires of an unprivileged caller; in COMMAND only, so that nsroot's
 * own set-up and its init are not filtered). The default one, without
 * --seccomp-deny or --disable-userns, depends on nothing known only at
 * run time: it is built when nsroot is, by this same code
 * (final/default-filter.c, run by make, into build/default-filter.h),
 * and a run only points at it. Building it in a fresh process took 10 to
 * 15 us, mostly page faults; tests/limits.bats checks that the two
 * programs answer every call alike.
 *
 *   0. one instruction that keeps the kernel from caching answers (see
 *      build_filter(): at install, the cache costs more than it saves)
 *   1. the architecture: a filter of x86_64 numbers means nothing to a call
 *      made with i386's numbers (int 0x80), so any other one is killed;
 *      x32's calls (x86_64 numbers with bit 30 set) get ENOSYS
 *   2. the number of the call, found by a binary search among the runs of
 *      refused numbers: each returns EPERM (ENOSYS where the caller is
 *      expected to fall back: io_uring, clone3)
 *   3. ioctl: TIOCSTI and TIOCLINUX, on any descriptor, are refused
 *   4. with --disable-userns: clone and unshare with CLONE_NEWUSER
 *   5. everything else is allowed
 *
 * Read: seccomp(2), seccomp_unotify(2) for what is not used here, and the
 * kernel's Documentation/userspace-api/seccomp_filter.rst
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <asm/unistd.h>	/* the kernel's numbers: a libc's list may lag */

#include "nsroot.h"

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#define X32_SYSCALL_BIT 0x40000000
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#else
#define FILTER_ARCH 0		/* none written yet: see build_filter() */
#endif

#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

/* Every system call of this architecture, by name, sorted (strcmp order):
 * build/syscall-names.h is made by the Makefile (make all) from the
 * kernel's <asm/unistd.h> (and the libc's <sys/syscall.h>). */
struct syscall_name {
	/* cppcheck-suppress unusedStructMember ; read by by_name() */
	const char *name;
	int nr;
};

static const struct syscall_name syscall_names[] = {
#include "../build/syscall-names.h"
};

static int by_name(const void *key, const void *entry)
{
	return strcmp(key, ((const struct syscall_name *)entry)->name);
}

/* The number of the system call called name here, or -1. */
int syscall_number(const char *name)
{
	const struct syscall_name *found =
		bsearch(name, syscall_names, sizeof(syscall_names) / sizeof(syscall_names[0]),
			sizeof(syscall_names[0]), by_name);

	return found ? found->nr : -1;
}

/* What the default filter refuses, and why (nsroot.1 says the same). A
 * call this architecture does not have is not in its table. */
#define REFUSE(name, err) { #name, err }
struct refused {
	const char *name;
	int err;
};

static const struct refused refused[] = {
	/* keyrings are not namespaced: a jail could read or fill the user's */
	REFUSE(keyctl, EPERM), REFUSE(add_key, EPERM), REFUSE(request_key, EPERM),
	/* programs in the kernel, performance counters, page-fault handlers in
	 * user space: the usual way into a kernel bug */
	REFUSE(bpf, EPERM), REFUSE(perf_event_open, EPERM), REFUSE(userfaultfd, EPERM),
	/* io_uring: a second system call interface the filter cannot see
	 * into; callers fall back to ordinary calls on ENOSYS */
	REFUSE(io_uring_setup, ENOSYS), REFUSE(io_uring_enter, ENOSYS),
	REFUSE(io_uring_register, ENOSYS),
	/* the kernel itself: modules, kexec, reboot, swap, accounting,
	 * quotas, the clock, I/O ports */
	REFUSE(kexec_load, EPERM), REFUSE(kexec_file_load, EPERM),
	REFUSE(init_module, EPERM), REFUSE(finit_module, EPERM),
	REFUSE(delete_module, EPERM), REFUSE(create_module, EPERM),
	REFUSE(reboot, EPERM), REFUSE(swapon, EPERM), REFUSE(swapoff, EPERM),
	REFUSE(acct, EPERM), REFUSE(quotactl, EPERM), REFUSE(quotactl_fd, EPERM),
	REFUSE(settimeofday, EPERM), REFUSE(clock_settime, EPERM),
	REFUSE(clock_adjtime, EPERM), REFUSE(iopl, EPERM), REFUSE(ioperm, EPERM),
	/* open any file of a filesystem by its handle, past every directory
	 * (the "shocker" escape from Docker) */
	REFUSE(open_by_handle_at, EPERM),
	/* old interfaces nothing uses any more */
	REFUSE(uselib, EPERM), REFUSE(ustat, EPERM), REFUSE(sysfs, EPERM),
	REFUSE(_sysctl, EPERM), REFUSE(nfsservctl, EPERM),
	REFUSE(lookup_dcookie, EPERM), REFUSE(get_kernel_syms, EPERM),
	REFUSE(query_module, EPERM), REFUSE(vm86, EPERM), REFUSE(vm86old, EPERM),
};

/* The program. Every refusal jumps to one of two shared endings ("fail
 * with EPERM", "fail with ENOSYS"), every call that is not refused by
 * number to GO_ON, the checks of arguments after the search. A
 * conditional BPF jump goes at most 255 instructions forward: a jump to
 * the endings from further away cannot be built, so neither can a
 * longer program. */
#define MAX_FILTER 256
enum label { GO_ON, REFUSE_EPERM, REFUSE_ENOSYS, N_LABELS };
struct fixup {
	unsigned short at;	/* a conditional jump */
	unsigned char jf;	/* 1: its jf goes to label, 0: its jt */
	unsigned char label;
};

/* The calls refused by number, sorted, each with its errno; then the
 * same as runs of consecutive numbers that fail alike (172 to 180 on
 * x86_64: iopl, ioperm, the modules' calls, quotactl, nfsservctl). */
struct call {
	unsigned lo, hi;	/* lo..hi, both included */
	int err;
};

/* All together (the first touch of a page is a page fault, a microsecond
 * or more, here before the clone; a run with the default program never
 * touches them): the counts first, then the program, its jumps to patch,
 * the calls to refuse. Not aligned to a page: that would give this
 * file's other variables, which every run writes, a page of their own. */
static struct {
	unsigned short len, n_fixups, label_at[N_LABELS];
	int n_calls;
	struct sock_filter insn[MAX_FILTER];
	struct fixup fixups[MAX_FILTER];
	struct call calls[MAX_FILTER];
} built;

/* The program to install: built.insn, or the default, built by make. */
static const struct sock_filter *program;
static unsigned short program_len;

#ifndef NSROOT_NO_DEFAULT_FILTER
static const struct sock_filter default_filter[] = {
#include "../build/default-filter.h"
};
#endif

static void emit(struct sock_filter insn)
{
	if (built.len == MAX_FILTER - 3)	/* room for the endings */
		die("seccomp filter: more than %d instructions", MAX_FILTER);
	built.insn[built.len++] = insn;
}

#define LOAD(field) emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
	offsetof(struct seccomp_data, field)))
#define RET(value) emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (value)))
#define FAIL(err) (SECCOMP_RET_ERRNO | ((err) & SECCOMP_RET_DATA))

/* The low 32 bits of argument n (x86_64 and aarch64 are little-endian).
 * ioctl's request and clone's flags are 32-bit to the kernel: comparing all
 * 64 bits would let a caller slip past with garbage in the high half. */
#define LOAD_ARG(n) LOAD(args[n])

static int refusal(int err)
{
	return err == ENOSYS ? REFUSE_ENOSYS : REFUSE_EPERM;
}

/* "if A <op> k" (op one of BPF_JEQ, BPF_JGE, BPF_JGT, BPF_JSET): jt and
 * jf are labels, or -1 for the next instruction. */
static void jump(unsigned op, unsigned k, int jt, int jf)
{
	if (built.n_fixups > MAX_FILTER - 2)	/* a guard: MAX_FILTER bounds the program first */
		die("seccomp filter: more than %d jumps", MAX_FILTER / 2);
	if (jt >= 0)
		built.fixups[built.n_fixups++] = (struct fixup){ built.len, 0, (unsigned char)jt };
	if (jf >= 0)
		built.fixups[built.n_fixups++] = (struct fixup){ built.len, 1, (unsigned char)jf };
	emit((struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K, k, 0, 0));
}

/* Refuse call nr with err, unless it is refused already. */
static void add_call(unsigned nr, int err)
{
	int i = built.n_calls;

	while (i > 0 && built.calls[i - 1].lo > nr)	/* its place, in order */
		i--;
	if (i > 0 && built.calls[i - 1].lo == nr)
		return;
	if (built.n_calls == (int)(sizeof(built.calls) / sizeof(built.calls[0])))
		die("seccomp filter: more than %d calls refused", built.n_calls);
	memmove(&built.calls[i + 1], &built.calls[i], (size_t)(built.n_calls - i) * sizeof(built.calls[0]));
	built.calls[i] = (struct call){ nr, nr, err };
	built.n_calls++;
}

/* Join the calls into runs. */
static void join_runs(void)
{
	int n = 0;

	for (int i = 0; i < built.n_calls; i++) {
		if (n > 0 && built.calls[n - 1].hi + 1 == built.calls[i].lo && built.calls[n - 1].err == built.calls[i].err)
			built.calls[n - 1].hi = built.calls[i].lo;
		else
			built.calls[n++] = built.calls[i];
	}
	built.n_calls = n;
}

/* The runs from lo to hi (excluded), as a binary search on the number,
 * where the number is known to be at least built.calls[lo].lo: a call goes
 * through five or six comparisons, not through all of them. */
static void emit_tree(int lo, int hi)
{
	unsigned short split, left;

	if (hi - lo == 1) {	/* refused, unless past the run's end */
		jump(BPF_JGT, built.calls[lo].hi, GO_ON, refusal(built.calls[lo].err));
		return;
	}
	/* if nr >= the middle run: the right half; else the left half */
	split = built.len;
	emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
					  built.calls[(lo + hi) / 2].lo, 0, 0));
	emit_tree(lo, (lo + hi) / 2);
	left = built.len - split - 1;
	if (left > 255)
		die("seccomp filter: too many calls refused (a jump of %u)", (unsigned)left);
	built.insn[split].jt = (unsigned char)left;
	emit_tree((lo + hi) / 2, hi);
}

/* "if the call is nr and (the low half of) argument arg has a bit of
 * flags: fail with err". A is the call's number again afterwards. */
static void refuse_flags(int nr, int arg, unsigned flags, int err)
{
	emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 3));
	LOAD_ARG(arg);
	jump(BPF_JSET, flags, refusal(err), -1);
	LOAD(nr);
}

/* The endings, and every jump to a label. */
static void finish(void)
{
	RET(SECCOMP_RET_ALLOW);
	built.label_at[REFUSE_EPERM] = built.len;
	built.insn[built.len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, FAIL(EPERM));
	built.label_at[REFUSE_ENOSYS] = built.len;
	built.insn[built.len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, FAIL(ENOSYS));
	for (unsigned short i = 0; i < built.n_fixups; i++) {
		unsigned short at = built.fixups[i].at;
		unsigned to = built.label_at[built.fixups[i].label] - at - 1u;

		if (to > 255)
			die("seccomp filter: too many calls refused (a jump of %u)", to);
		if (built.fixups[i].jf)
			built.insn[at].jf = (unsigned char)to;
		else
			built.insn[at].jt = (unsigned char)to;
	}
}

/* The program for opt, built here. */
static void build_filter(const struct options *opt)
{
	built.len = built.n_fixups = 0;
	built.n_calls = 0;
	program = built.insn;
	program_len = 0;
	if (opt->seccomp_off)
		return;
	if (FILTER_ARCH == 0)
		die("seccomp: nsroot has no filter for this architecture (use --seccomp none)");
	/* 0. Not one call's answer is cached. To learn which calls it may let
	 *    through without running the filter, the kernel runs it for every
	 *    number of every architecture (some 900 runs, interpreted) as it
	 *    is installed: more than the filter costs a short COMMAND at all
	 *    its calls (about 40 ns each: make bench; final/README.md, "What
	 *    it costs", has the numbers). The kernel's dry run stops at the
	 *    first instruction it cannot evaluate without a real call, as
	 *    this one (X = A). */
	emit((struct sock_filter)BPF_STMT(BPF_MISC | BPF_TAX, 0));
	/* 1. The architecture, then the number. */
	LOAD(arch);
	emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0));
	RET(SECCOMP_RET_KILL_PROCESS);
	LOAD(nr);
#ifdef X32_SYSCALL_BIT
	jump(BPF_JGE, X32_SYSCALL_BIT, REFUSE_ENOSYS, -1);
#endif
	/* 2. The calls refused by number, the default's and the user's. */
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		int nr = syscall_number(refused[i].name);

		if (nr >= 0)
			add_call((unsigned)nr, refused[i].err);
	}
	for (size_t i = 0; i < opt->n_seccomp_deny; i++)
		add_call((unsigned)opt->seccomp_deny[i], EPERM);
#ifdef SYS_clone3
	if (opt->disable_userns)	/* its flags are in memory: see 4. */
		add_call(SYS_clone3, ENOSYS);
#endif
	join_runs();
	if (built.n_calls > 0) {
		jump(BPF_JGE, built.calls[0].lo, -1, GO_ON);
		emit_tree(0, built.n_calls);
	}
	built.label_at[GO_ON] = built.len;

	/* 3. Keystrokes pushed into a terminal, from any descriptor. */
	emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 4));
	LOAD_ARG(1);
	jump(BPF_JEQ, TIOCSTI, REFUSE_EPERM, -1);
	jump(BPF_JEQ, TIOCLINUX, REFUSE_EPERM, -1);
	LOAD(nr);

	/* 4. New user namespaces, by clone's or unshare's flags. clone3
	 *    passes its flags in memory, where the filter cannot look: it is
	 *    refused above with ENOSYS, and libc falls back to clone. */
	if (opt->disable_userns) {
		refuse_flags(SYS_clone, 0, CLONE_NEWUSER, EPERM);
		refuse_flags(SYS_unshare, 0, CLONE_NEWUSER, EPERM);
	}

	/* 5. The rest. */
	finish();
	program_len = built.len;
}

/* Parent, before the clone (and nsroot --enter): the program COMMAND
 * will install. The default needs no building, make built it; every
 * option that build_filter() reads must be tested here too, or its
 * change would go unseen. */
void prepare_filter(const struct options *opt)
{
#ifndef NSROOT_NO_DEFAULT_FILTER
	if (!opt->seccomp_off && opt->n_seccomp_deny == 0 && !opt->disable_userns &&
	    FILTER_ARCH != 0) {
		program = default_filter;
		program_len = sizeof(default_filter) / sizeof(default_filter[0]);
		return;
	}
#endif
	build_filter(opt);
}

/* Runs in COMMAND, just before its exec: allocates nothing. no_new_privs
 * is set already (the kernel requires it of an unprivileged caller). */
void install_filter(void)
{
	/* the cast only because struct sock_fprog's pointer is not const */
	struct sock_fprog prog = { .len = program_len, .filter = (struct sock_filter *)program };

	if (program_len == 0)
		return;
	check(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0),
	      "prctl(PR_SET_SECCOMP, a filter of %u instructions)", (unsigned)program_len);
}
