/*
 * final/nsroot.h - what the files of nsroot share.
 *
 *   main.c     the recipe, in order: parent side, then child side
 *   exec.c     starting COMMAND: environment, descriptors, spawn, exec
 *   options.c  the command line, parsed without side effects
 *   caps.c     capability names; dropping capabilities
 *   idmap.c    uid and gid maps; becoming root inside
 *   mounts.c   the new root: volumes, tmpfs, /proc, /dev, pivot_root
 *   pid1.c     the little init that runs as PID 1 and reaps
 *   terminal.c the caller's terminal: the jail's while it runs, and back
 *   seccomp.c  the system call filter
 *   default-filter.c  not part of nsroot: make runs it to build the
 *              default filter (build/default-filter.h)
 *   limits.c   resource limits of each process (rlimits)
 *   cgroup.c   the jail's cgroup and cgroup namespace
 *   enter.c    --enter PID and --list: into a running jail
 *   util.c     errors and --verbose narration; small shared helpers
 *              (wait statuses, --json-status-fd, bad_value())
 *
 * Pages. A run of nsroot is short, and much of its time goes in page
 * faults: the first touch of a page costs one (1 to 4 us in a virtual
 * machine), and after the clone each page that parent or child writes
 * and the other still shares is copied, one more. Hence a few habits
 * that a lesson would not need: no big static array (allocated when
 * first needed: cgroup.c's cgroups, mounts.c's root_path; the one
 * exception, exec.c's stack for COMMAND, must not count against the
 * init's stack limit), nothing written after the clone that need not be
 * (terminal.c's tty, mounts.c's close_keeping_errno()), and text that
 * only --verbose reads formatted only with --verbose. final/README.md,
 * "What it costs", has the numbers.
 */
#ifndef NSROOT_H
#define NSROOT_H

#include <signal.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#define NSROOT_VERSION "1.0.0"

/* Exit statuses, as chroot(8), env(1) and timeout(1) use them. */
enum {
	EXIT_TIMEOUT = 124,	/* --time-limit ran out */
	EXIT_SETUP = 125,	/* nsroot itself failed */
	EXIT_CANNOT_RUN = 126,	/* COMMAND exists but could not be run */
	EXIT_NOT_FOUND = 127,	/* COMMAND was not found */
};

struct volume {			/* -v SRC:DEST[:ro|rw] */
	char *src;		/* as given; resolved on the host */
	char *dest;		/* normalized, absolute, inside NEWROOT */
	int read_only;
	int try;		/* --volume-try: a missing SRC is skipped */
	unsigned seq;		/* its place among all -v and -t */
};

struct tmpfs_mount {		/* -t DEST[:SIZE] */
	char *dest;
	char *size;		/* as tmpfs(5) takes it: 64m, 1g, 10% ... */
	unsigned seq;		/* its place among all -v and -t */
};

struct made_path {		/* --dir DEST, --symlink TARGET:DEST */
	char *dest;		/* normalized, absolute, inside NEWROOT */
	char *target;		/* the symlink's text; NULL for --dir */
	unsigned seq;		/* its place among all -v, -t, --dir, --symlink */
};

/* What the user asked for: the command line, parsed (options.c), and
 * never changed afterwards. */
struct options {
	int clone_flags;	/* CLONE_NEW*: user, mount, PID, UTS always */
	const char *newroot;	/* NEWROOT, default "." */
	char **argv;		/* COMMAND and its arguments */
	char *default_argv[3];	/* $SHELL -i */
	struct volume *volumes;
	size_t n_volumes;
	struct tmpfs_mount *tmpfs;
	size_t n_tmpfs;
	struct made_path *paths;
	size_t n_paths;
	unsigned n_mounts;	/* -v, -t, --dir, --symlink so far, to keep their order */
	char *old_root;		/* -o: where -k keeps the old root */
	int keep_old_root;	/* -k */
	int read_only;		/* -r */
	char *uid_map, *gid_map;	/* -M, -G: uid_map format, one line each */
	const char *hostname;	/* -H */
	char *workdir;		/* -w, default / */
	char **setenv;		/* --setenv NAME=VALUE, --unsetenv NAME, in order */
	size_t n_setenv;
	int clearenv;
	int keep_caps;
	int as_pid_1;
	int new_session;
	unsigned time_limit;	/* seconds, 0 for none */
	/* what the jail may ask and use: seccomp.c, limits.c, cgroup.c */
	int seccomp_off;	/* --seccomp none */
	int disable_userns;
	int *seccomp_deny;	/* --seccomp-deny, system call numbers */
	size_t n_seccomp_deny;
	struct rlimit rlimits[RLIMIT_NLIMITS];	/* --rlimit; core=0 by default */
	unsigned rlimits_set;	/* bit r: set rlimits[r] */
	unsigned long long memory_max;	/* bytes; 0: no limit */
	unsigned long pids_max;	/* 0: no limit */
	unsigned cpu_max;	/* percent of one CPU; 0: no limit */
	int share_cgroup;	/* no cgroup namespace */
	pid_t enter;		/* --enter PID: join that jail instead */
	int list;		/* --list */
	int json_fd;		/* --json-status-fd FD; -1 for none */
	unsigned long long cap_add;	/* --cap-add: bit N keeps capability N */
};

/* The jail's run-time state: what nsroot opened, made and learned on the
 * way, beside what the user asked for. main() fills in all but the last
 * two fields (pid once clone returns); the child, in its own copy, opens
 * the last two. */
struct jail {
	const struct options *opt;
	int host_root_inside;	/* the host's uid or gid 0 is mapped inside */
	int setgroups_denied;	/* the parent writes "deny": no setgroups inside */
	sigset_t caller_mask;	/* the caller's signal mask: COMMAND gets it back */
	int sync_pipe[2];	/* the parent writes one byte once the maps are set */
	int exec_pipe[2];	/* the command's errno if exec failed; COMMAND stopped */
	int created_sock[2];	/* mount points the child made, for the parent to remove */
	pid_t pid;		/* the child, the jail's init (in the parent) */
	int newroot_fd;		/* O_PATH, opened by the child (open_sources) */
	int *source_fds;	/* each volume's SRC, O_PATH, opened by the child;
				 * -1 for a --volume-try whose SRC is missing */
};

/* main.c, for enter.c: the parent's watch over the jail */
int supervise(pid_t pid, const struct options *opt, int report_fd, const sigset_t *signals);

/* exec.c: the jail's COMMAND is started so, and so is an entered one */
struct command {
	char *const *argv;	/* COMMAND and its arguments */
	char **sh_argv;		/* "/bin/sh", FILE, ARGS: command_prepare() */
	const struct options *opt;	/* its rlimits */
	const sigset_t *mask;	/* the signal mask it gets back */
	int report_fd;		/* the exec pipe: a failed exec's errno */
	const char *side;	/* who speaks once it runs: "command", "entered" */
};
void command_setting(const struct options *opt, int keep);
void command_prepare(struct command *cmd);
void command_free(struct command *cmd);
_Noreturn void command_exec(const struct command *cmd);
pid_t command_spawn(const struct command *cmd);
void set_environment(const struct options *opt);
void close_fds_but(int keep);

/* options.c */
enum parse_result { PARSE_OK, PARSE_HELP, PARSE_VERSION, PARSE_ERROR };
enum parse_result parse_options(int argc, char *argv[], struct options *opt,
				char *err, size_t errlen);
int parse_volume(const char *spec, struct volume *vol, char *err, size_t errlen);
int parse_path(const char *spec, int is_symlink, struct made_path *p, char *err,
	       size_t errlen);
int parse_tmpfs(const char *spec, struct tmpfs_mount *t, char *err, size_t errlen);
int parse_seconds(const char *text, unsigned *seconds);
int normalize_path(const char *path, char *out, size_t outlen);
void free_options(struct options *opt);
void usage(void);

/* caps.c */
int capability_number(const char *name);
void drop_capabilities(unsigned long long keep);

/* idmap.c */
char *parse_idmap(const char *map, char *err, size_t errlen);
int maps_host_root(const struct options *opt);
int setgroups_denied(void);
void write_id_maps(pid_t pid, const struct options *opt, int deny_setgroups);
void become_root_inside(int drop_groups);

/* mounts.c */
void open_sources(struct jail *jail);
void setup_root(struct jail *jail);
void remove_mount_points(const struct jail *jail);

/* pid1.c */
int run_init(pid_t command, const sigset_t *forwarded, int report_fd);

/* terminal.c */
void give_terminal(pid_t jail);
int terminal_given(void);
void stop_with_jail(pid_t jail);

/* seccomp.c */
int syscall_number(const char *name);
void prepare_filter(const struct options *opt);
void install_filter(void);

/* limits.c */
enum rlimit_error { RLIMIT_BAD_FORM = 1, RLIMIT_BAD_NAME, RLIMIT_SOFT_ABOVE_HARD };
int parse_rlimit(const char *spec, struct options *opt);
int parse_amount(const char *text, size_t len, unsigned long long *amount);
const char *rlimit_names_list(void);
void apply_rlimits(const struct options *opt);

/* cgroup.c */
void cgroup_create(const struct options *opt);
void cgroup_enter(pid_t pid);
void cgroup_remove(void);
int cgroup_clone_flag(const struct options *opt);
void cgroup_child(const struct options *opt);
int cgroup_open_procs(pid_t pid, int fds[], int max);

/* enter.c */
int enter_jail(struct options *req, const sigset_t *signals, const sigset_t *caller);
int list_jails(void);

/* util.c */
extern int verbose;
extern const char *side;
void become_copy(const char *name);
_Noreturn void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
_Noreturn void die_errno(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
_Noreturn void die_errno_hint(const char *advice, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void narrate(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long tell(long ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
long check(long ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
long or_die(long ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Where the call alone would not say what failed: the call is narrated
 * (made with callf()), the error names the object ("bind-mount /a onto
 * /b: ..."). tell() keeps errno for or_die(). */
#define check_call(ret, call, ...) or_die(tell((ret), "%s", (call)), __VA_ARGS__)
const char *callf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int forward_signal(pid_t pid, int sig);
int exit_status(int wstatus);
const char *status_text(int wstatus);
void json_status_open(int fd);
void json_status(int fd, const char *key, int value);
const char *ellipsis(const char *text);
int root_or_proc(const char *path);
struct flag_name {
	unsigned long flag;
	const char *name;
};
const char *flags_text(unsigned long flags, const struct flag_name *table, size_t n, char *buf,
		       size_t size);
int bad_value(char *err, size_t errlen, const char *option, const char *value,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
