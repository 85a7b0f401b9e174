# Run once before the whole suite: copy the programs and a rootfs made by
# mkrootfs to a world-readable folder, so that an unprivileged user (uid
# 65534, through setpriv) can run them too, wherever the repository is.

setup_suite() {
	NSLAB_REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	export NSLAB_REPO
	make -s -C "$NSLAB_REPO" all >&2

	NSLAB_BIN=$(mktemp -d /tmp/nslab-tests.XXXXXX)
	chmod 755 "$NSLAB_BIN"
	export NSLAB_BIN
	local n=1 step
	for step in step1-pid step2-mnt step3-uts step4-net step5-ipc step6-user-pivot; do
		cp "$NSLAB_REPO/$step/ns" "$NSLAB_BIN/step$n"
		n=$((n + 1))
	done
	cp "$NSLAB_REPO/step6-user-pivot/escape" "$NSLAB_BIN/escape"
	if [ -x "$NSLAB_REPO/final/nsroot" ]; then
		cp "$NSLAB_REPO/final/nsroot" "$NSLAB_BIN/nsroot"
	fi
	chmod 755 "$NSLAB_BIN"/*

	"$NSLAB_REPO/scripts/mkrootfs" "$NSLAB_BIN/rootfs" >/dev/null
	cp "$NSLAB_BIN/escape" "$NSLAB_BIN/rootfs/escape"
	cp "$NSLAB_REPO/tests/helpers/hostile" "$NSLAB_BIN/rootfs/hostile"

	# The Debian root of the last lesson and of tests/scripts.bats: built
	# once (half a minute and a download), kept in build/ between runs. The
	# lesson runs before those tests: build it here. A failure shows there.
	if [ "$(id -u)" -eq 0 ] && command -v mmdebstrap >/dev/null 2>&1; then
		"$NSLAB_REPO/scripts/mkrootfs" --debian "$NSLAB_REPO/build/debian" >/dev/null 2>&1 || true
	fi
	cp "$NSLAB_REPO/tests/helpers/probe" "$NSLAB_BIN/rootfs/probe"
	cp "$NSLAB_REPO/tests/helpers/nosys" "$NSLAB_BIN/nosys"
}

teardown_suite() {
	rm -rf "$NSLAB_BIN"
}
