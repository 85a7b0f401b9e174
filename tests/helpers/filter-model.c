/*
 * tests/helpers/filter-model.c - nsroot's seccomp filter, run by a model of
 * the kernel's BPF machine on every system call number, for
 * tests/limits.bats: what the filter refuses, exactly, not a sample.
 *
 * usage: filter-model [--built] [--disable-userns] [--deny NAME]...
 *        filter-model --names      (every call this architecture has)
 * Prepares the filter as nsroot does (final/seccomp.c, included here to
 * read its program: without options, the default that make built), or
 * with --built, builds it at run time even so; then prints one line per
 * call the filter does not allow,
 * "NAME ANSWER" (ANSWER: EPERM, ENOSYS, or KILL), over every number of this
 * architecture, then the answers to a few calls that depend on the
 * architecture or on arguments:
 *   x32 NAME ANSWER            the call made with x32's numbers
 *   other-arch ANSWER          any call with another architecture's numbers
 *   ioctl REQUEST ANSWER       ioctl(fd, REQUEST), REQUEST in hex; also
 *                              with garbage in the high 32 bits
 *   clone|unshare FLAGS ANSWER with those flags, in hex
 * Exit status 1 if the program holds an instruction the model does not know.
 */
#include "../../final/seccomp.c"	/* NOLINT(bugprone-suspicious-include): to read its program */

#include <stdio.h>

/* The answer of the program to one call. */
static unsigned run(const struct seccomp_data *data)
{
	unsigned a = 0, x = 0;

	for (unsigned pc = 0; pc < program_len; pc++) {
		const struct sock_filter *insn = &program[pc];
		int taken;

		switch (insn->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (insn->k > sizeof(*data) - 4 || insn->k % 4) {
				fprintf(stderr, "filter-model: load at %u\n", insn->k);
				exit(1);
			}
			memcpy(&a, (const char *)data + insn->k, 4);
			continue;
		case BPF_MISC | BPF_TAX:
			x = a;
			continue;
		case BPF_RET | BPF_K:
			return insn->k;
		case BPF_JMP | BPF_JA:
			pc += insn->k;
			continue;
		case BPF_JMP | BPF_JEQ | BPF_K:
			taken = a == insn->k;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			taken = a >= insn->k;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			taken = a > insn->k;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			taken = (a & insn->k) != 0;
			break;
		default:
			fprintf(stderr, "filter-model: instruction %#x at %u\n", insn->code, pc);
			exit(1);
		}
		pc += taken ? insn->jt : insn->jf;
	}
	(void)x;
	fprintf(stderr, "filter-model: ran off the end\n");
	exit(1);
}

static const char *answer(unsigned ret)
{
	static char other[32];

	if (ret == SECCOMP_RET_ALLOW)
		return "ALLOW";
	if (ret == SECCOMP_RET_KILL_PROCESS)
		return "KILL";
	if (ret == (SECCOMP_RET_ERRNO | EPERM))
		return "EPERM";
	if (ret == (SECCOMP_RET_ERRNO | ENOSYS))
		return "ENOSYS";
	snprintf(other, sizeof(other), "%#x", ret);
	return other;
}

static unsigned call(unsigned arch, unsigned nr, unsigned long long arg0, unsigned long long arg1)
{
	struct seccomp_data data = { .nr = (int)nr, .arch = arch };

	data.args[0] = arg0;
	data.args[1] = arg1;
	return run(&data);
}

int main(int argc, char *argv[])
{
	static int deny[64];
	struct options opt = { .seccomp_deny = deny };
	int built_here = 0;
	size_t n = sizeof(syscall_names) / sizeof(syscall_names[0]);

	if (argc == 2 && strcmp(argv[1], "--names") == 0) {
		for (size_t i = 0; i < n; i++)
			printf("%s\n", syscall_names[i].name);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--built") == 0) {
			built_here = 1;
		} else if (strcmp(argv[i], "--disable-userns") == 0) {
			opt.disable_userns = 1;
		} else if (strcmp(argv[i], "--deny") == 0 && i + 1 < argc &&
			   opt.n_seccomp_deny < sizeof(deny) / sizeof(deny[0]) &&
			   syscall_number(argv[i + 1]) >= 0) {
			deny[opt.n_seccomp_deny++] = syscall_number(argv[++i]);
		} else {
			fprintf(stderr, "usage: filter-model [--built] [--disable-userns] [--deny NAME]... "
				"| --names\n");
			return 2;
		}
	}
	if (built_here)
		build_filter(&opt);
	else
		prepare_filter(&opt);
	for (size_t i = 0; i < n; i++) {
		unsigned ret = call(FILTER_ARCH, (unsigned)syscall_names[i].nr, 0, 0);

		if (ret != SECCOMP_RET_ALLOW)
			printf("%s %s\n", syscall_names[i].name, answer(ret));
	}
#ifdef X32_SYSCALL_BIT
	printf("x32 read %s\n", answer(call(FILTER_ARCH, X32_SYSCALL_BIT | SYS_read, 0, 0)));
	printf("x32 keyctl %s\n", answer(call(FILTER_ARCH, X32_SYSCALL_BIT | SYS_keyctl, 0, 0)));
	printf("other-arch %s\n", answer(call(AUDIT_ARCH_I386, 3, 0, 0)));
#elif defined(__aarch64__)
	printf("other-arch %s\n", answer(call(AUDIT_ARCH_ARM, 3, 0, 0)));
#endif
	for (int i = 0; i < 3; i++) {
		unsigned long long req = i == 0 ? TIOCSTI : i == 1 ? TIOCLINUX : TCGETS;

		printf("ioctl %#llx %s\n", req, answer(call(FILTER_ARCH, SYS_ioctl, 0, req)));
		printf("ioctl %#llx %s\n", req | 1ULL << 32,
		       answer(call(FILTER_ARCH, SYS_ioctl, 0, req | 1ULL << 32)));
	}
	printf("clone %#x %s\n", CLONE_NEWUSER,
	       answer(call(FILTER_ARCH, SYS_clone, CLONE_NEWUSER | SIGCHLD, 0)));
	printf("clone %#x %s\n", CLONE_NEWNS, answer(call(FILTER_ARCH, SYS_clone, CLONE_NEWNS, 0)));
	printf("unshare %#x %s\n", CLONE_NEWUSER,
	       answer(call(FILTER_ARCH, SYS_unshare, CLONE_NEWUSER, 0)));
	printf("unshare %#x %s\n", CLONE_NEWNS, answer(call(FILTER_ARCH, SYS_unshare, CLONE_NEWNS, 0)));
	return 0;
}
