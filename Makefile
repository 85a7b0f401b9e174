# nslab - a namespaces lab. See README.md.
#
#   make            build every step and nsroot
#   make demo       build, make a rootfs, walk through the steps (as root)
#   make test       run the whole test suite (as root for all of it)
#   make deps-test  install what the tests need (deps-demo: the demo's), as root
#   make diff STEP=N   the lesson: step N-1 against step N
#   make lab STEP=N    lab N: step N-1's program with lesson N's TODOs, in lab/
#   make grade STEP=N  step N's checks against lab/stepN-x/ns.c (or LAB=...)
#   make install    nsroot and its man page, under $(DESTDIR)$(PREFIX)

PREFIX ?= /usr/local
CFLAGS ?= -O2 -g
WERROR ?= -Werror
NSLAB_CFLAGS = -std=c11 -Wall -Wextra -Wshadow $(WERROR)

# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer in every
# program but the static helpers (the sanitizers need the dynamic loader).
# A stamp per mode rebuilds everything when the mode changes. How nsroot is
# linked (statically, with musl when it is here), in each mode: final/static.mk.
ifeq ($(SANITIZE),1)
SANITIZER_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
MODE_STAMP = build/mode.$(MODE)

STEPS = step1-pid step2-mnt step3-uts step4-net step5-ipc step6-user-pivot
STEP_BINS = $(addsuffix /ns,$(STEPS))
ESCAPE = step6-user-pivot/escape
NSROOT = final/nsroot
NSROOT_SRCS = final/main.c final/exec.c final/options.c final/idmap.c final/mounts.c \
	final/pid1.c final/terminal.c final/util.c final/seccomp.c final/limits.c final/cgroup.c final/enter.c final/caps.c
# Every system call's name and number, for the seccomp filter's
# --seccomp-deny: the __NR_ macros of the kernel's <asm/unistd.h> (a libc's
# <sys/syscall.h> may lag behind: musl's lacks quotactl_fd), sorted by name.
SYSCALL_NAMES = build/syscall-names.h
DEFAULT_FILTER = build/default-filter.h
HOSTILE = tests/helpers/hostile
PROBE = tests/helpers/probe
NOSYS = tests/helpers/nosys
ROOTFS = build/rootfs

all: $(STEP_BINS) $(ESCAPE) $(NSROOT) $(HOSTILE) $(PROBE) $(NOSYS)

# After all, which stays the default goal: MODE, NSROOT_CC, NSROOT_STATIC,
# KERNEL_INCLUDE and its rule.
include final/static.mk

$(MODE_STAMP): Makefile final/static.mk
	mkdir -p build
	rm -f build/mode.*
	touch $@

$(STEP_BINS): %/ns: %/ns.c $(MODE_STAMP)
	$(CC) $(NSLAB_CFLAGS) $(SANITIZER_FLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# Static, so that they run in any jail without their libraries.
$(ESCAPE) $(HOSTILE) $(PROBE) $(NOSYS): %: %.c
	$(CC) $(NSLAB_CFLAGS) $(CFLAGS) $(LDFLAGS) -static -o $@ $<

$(NSROOT): $(NSROOT_SRCS) final/nsroot.h $(SYSCALL_NAMES) $(DEFAULT_FILTER) $(MODE_STAMP) | $(KERNEL_INCLUDE)
	$(NSROOT_CC) $(NSLAB_CFLAGS) $(SANITIZER_FLAGS) $(CFLAGS) $(LDFLAGS) $(NSROOT_STATIC) -o $@ $(NSROOT_SRCS)

# The default filter, built by final/seccomp.c's own code at build time
# (final/default-filter.c), so that nsroot's runs do not build it.
$(DEFAULT_FILTER): final/default-filter.c final/seccomp.c final/util.c final/nsroot.h \
		$(SYSCALL_NAMES) $(MODE_STAMP) | $(KERNEL_INCLUDE)
	$(NSROOT_CC) $(NSLAB_CFLAGS) $(CFLAGS) $(NSROOT_STATIC) -o build/default-filter \
		final/default-filter.c final/util.c
	build/default-filter >$@.tmp
	mv $@.tmp $@

$(SYSCALL_NAMES): $(MODE_STAMP) | $(KERNEL_INCLUDE)
	printf '#include <sys/syscall.h>\n#include <asm/unistd.h>\n' | $(NSROOT_CC) -dM -E - | \
		sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' | LC_ALL=C sort -u | \
		sed 's/.*/\t{ "&", __NR_& },/' >$@.tmp
	mv $@.tmp $@

$(ROOTFS)/etc/passwd: scripts/mkrootfs scripts/copy-with-deps
	scripts/mkrootfs $(ROOTFS)

rootfs: $(ROOTFS)/etc/passwd

# What the demo and the tests need: installed when run as root on Debian
# or Ubuntu, named otherwise (scripts/install-deps). demo and test call
# them first; the demo asks only for what it runs.
deps-demo:
	scripts/install-deps demo

deps-test:
	scripts/install-deps test

# What sudo make demo builds is given back to the user who ran sudo, so
# that make clean works without sudo.
demo: deps-demo
	-@scripts/doctor
	$(MAKE) all
	@[ -z "$${SUDO_UID:-}" ] || chown -R "$$SUDO_UID:$$SUDO_GID" build $(STEP_BINS) $(ESCAPE) $(NSROOT) $(HOSTILE)
	scripts/demo

test: deps-test
	$(MAKE) all
	tests/run

# The lesson of step N: step N's header as the title, then what its code
# adds to step N-1's.
diff:
	@scripts/lesson-diff "$(STEP)"

# The README's commands on a fresh, minimal Debian (mmdebstrap), as a
# newcomer types them, in a clone of the committed tree. Needs root and the
# network to Debian's archive; too long for make test. SUITE=bookworm...
fresh-check:
	scripts/fresh-check $(SUITE)

# Lab N for a student: lab/stepN-x/ns.c and TASKS.md (FORCE=1 overwrites).
# Its grade: LAB=FILE for another file, LAB=FOLDER for a folder of
# submissions (one score line each). See "For teachers" in README.md.
LABDIR ?= lab
lab:
	@FORCE="$(FORCE)" scripts/lab "$(STEP)" "$(LABDIR)"

grade:
	@CC="$(CC)" NSLAB_CFLAGS="$(NSLAB_CFLAGS)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" \
	 LABDIR="$(LABDIR)" scripts/grade "$(STEP)" $(if $(LAB),"$(LAB)")

install: $(NSROOT)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(NSROOT) $(DESTDIR)$(PREFIX)/bin/nsroot
	install -m 644 final/nsroot.1 $(DESTDIR)$(PREFIX)/share/man/man1/nsroot.1
	install -m 644 final/nsroot.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/nsroot

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/nsroot $(DESTDIR)$(PREFIX)/share/man/man1/nsroot.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/nsroot

# What each namespace costs, and nsroot against its floors, unshare and
# bubblewrap: tables on the terminal and in build/bench/RESULTS.md (not
# tracked). As root for every part; unprivileged, what can run.
# make bench-update copies the last results to tests/bench/RESULTS.md.
bench: all
	tests/bench/run

bench-update:
	@[ -f build/bench/RESULTS.md ] || $(MAKE) bench
	cp build/bench/RESULTS.md tests/bench/RESULTS.md

# nsroot's sources, for the builds that are not make's: tests/bench/run's
# with glibc, tests/hardening.bats's for valgrind (both after make all,
# which makes the build/ headers that seccomp.c includes)
nsroot-srcs:
	@echo $(NSROOT_SRCS)

# The full stress run of issue 6: 1000 runs in a row and 50 at once, as
# root and as uid 65534 (the suite runs a shorter one).
stress: all rootfs
	tests/stress $(CURDIR)/$(NSROOT) $(CURDIR)/$(ROOTFS)

# Fuzzing nsroot's parsers with libFuzzer (clang). make fuzz runs each
# target FUZZ_SECONDS; new inputs go to build/fuzz/corpus-*, crashes to
# build/fuzz/. Every crash found becomes a file in tests/fuzz/corpus/*.
FUZZ_TARGETS = volume idmap numbers options
FUZZ_BINS = $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
FUZZ_LIB = final/options.c final/idmap.c final/util.c final/seccomp.c final/limits.c
FUZZ_SECONDS ?= 600

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) final/nsroot.h $(SYSCALL_NAMES) $(DEFAULT_FILTER)
	@mkdir -p build/fuzz
	clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(FUZZ_LIB)

fuzz: $(FUZZ_BINS)
	for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus-$$t; \
		build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build/fuzz/ \
			build/fuzz/corpus-$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# Static analysis: C with cppcheck and clang-tidy (.clang-tidy), shell with
# shellcheck. Quiet when all is well; exit status non-zero otherwise.
C_SOURCES = $(addsuffix /ns.c,$(STEPS)) $(ESCAPE).c $(NSROOT_SRCS) $(HOSTILE).c $(PROBE).c $(NOSYS).c tests/helpers/filter-model.c final/default-filter.c \
	$(wildcard tests/fuzz/*.c) $(wildcard tests/bench/*.c)
SHELL_SCRIPTS = scripts/copy-with-deps scripts/lesson-diff scripts/confine.sh scripts/mkrootfs scripts/demo scripts/doctor \
	scripts/check-lessons scripts/install-deps scripts/fresh-check tests/run tests/stress tests/bench/run .ci/run \
	scripts/lab scripts/grade scripts/labs/lib.sh final/nsroot.bash

lint: $(SYSCALL_NAMES) $(DEFAULT_FILTER)
	cppcheck --enable=warning,style,performance,portability --std=c11 --quiet \
		--inline-suppr --error-exitcode=1 $(C_SOURCES)
	for f in $(C_SOURCES); do clang-tidy --quiet $$f -- -std=c11 || exit 1; done 2>/dev/null
	shellcheck $(SHELL_SCRIPTS)
	shellcheck -s bats tests/*.bats tests/*.bash

# build/debian, the Debian root the tests keep (half a minute and a
# download to make), is root's and stays: say how to remove it.
clean:
	rm -f $(STEP_BINS) $(ESCAPE) $(NSROOT) $(HOSTILE) $(PROBE) $(NOSYS)
	[ ! -d build ] || find build -mindepth 1 -maxdepth 1 ! -name debian -exec rm -rf {} +
	@[ ! -d build/debian ] || echo "make clean: build/debian stays (the tests' Debian root): sudo rm -rf build/debian removes it"

.PHONY: all rootfs deps-demo deps-test demo test diff lab grade bench bench-update nsroot-srcs install uninstall lint fuzz stress clean fresh-check
