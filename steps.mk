# steps.mk - make, typed in a lesson's folder (each step*/Makefile
# includes this), does what it does at the top of nslab:
#   make              build this step's ns
#   make diff         this lesson as a diff (make diff STEP=N: lesson N)
#   make TARGET       any other target of the top Makefile (test, clean, ...)
# Without the rest of nslab, a step builds alone: cc -o ns ns.c
here := $(notdir $(CURDIR))
STEP ?= $(patsubst step%,%,$(firstword $(subst -, ,$(here))))
TOP = $(MAKE) --no-print-directory -C ..

ns:
	@$(TOP) $(here)/ns

diff:
	@$(TOP) -s diff STEP=$(STEP)

# Everything else goes to the top Makefile as it is; this file is not remade.
Makefile ../steps.mk: ;
%:
	@$(TOP) $@

.PHONY: ns diff
