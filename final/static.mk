# final/static.mk - how nsroot is linked, included by the top Makefile.
#
# nsroot is linked statically, with musl when musl-gcc is here (Debian's
# musl-tools; make NSROOT_LIBC=glibc to use glibc): no loader runs at each
# start, and musl's start-up does not ask the CPU for its cache sizes.
# glibc's does, with dozens of cpuid instructions, and in a virtual machine
# each one traps to the hypervisor: 0.5 ms per start here (make bench shows
# both). musl has no kernel headers: build/kernel-include points to the
# host's. The sanitizers (SANITIZE=1) need the loader: no static link with
# them.
#
# Sets: NSROOT_CC, NSROOT_STATIC, MODE (the name of the build's stamp),
# KERNEL_INCLUDE and its rule.

NSROOT_LIBC ?= $(if $(shell command -v musl-gcc 2>/dev/null),musl,glibc)
KERNEL_INCLUDE = build/kernel-include
ifeq ($(SANITIZE),1)
MODE = sanitize
NSROOT_CC = $(CC)
NSROOT_STATIC =
else ifeq ($(NSROOT_LIBC),musl)
MODE = plain-musl
NSROOT_CC = musl-gcc -isystem $(KERNEL_INCLUDE)
NSROOT_STATIC = -static
else
MODE = plain-glibc
NSROOT_CC = $(CC)
NSROOT_STATIC = -static
endif

# linux/, asm/ (under the multiarch directory on Debian) and asm-generic/
# of the host, and nothing else of glibc's.
$(KERNEL_INCLUDE):
	mkdir -p $@
	ln -sfn /usr/include/linux $@/linux
	ln -sfn /usr/include/asm-generic $@/asm-generic
	m=$$($(CC) -print-multiarch 2>/dev/null); \
	if [ -n "$$m" ] && [ -d "/usr/include/$$m/asm" ]; then \
		ln -sfn "/usr/include/$$m/asm" $@/asm; \
	else \
		ln -sfn /usr/include/asm $@/asm; \
	fi
