# scripts/doctor: each check, on a host faked under DOCTOR_ROOT.
# shellcheck disable=SC2086,SC2116,SC2154 # $(echo $x) squeezes columns on purpose; run sets status, output, lines
load helpers

setup() {
	DOCTOR=$NSLAB_REPO/scripts/doctor
	fake=$BATS_TEST_TMPDIR/host
	mkdir -p "$fake/proc/sys/kernel" "$fake/proc/sys/user" "$fake/proc/self" "$fake/sys/fs/cgroup"
	echo 6.8.0-generic >"$fake/proc/sys/kernel/osrelease"
	echo "Linux version 6.8.0-generic (gcc 13)" >"$fake/proc/version"
	echo 15000 >"$fake/proc/sys/user/max_user_namespaces"
	echo "25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw" >"$fake/proc/self/mountinfo"
	touch "$fake/sys/fs/cgroup/cgroup.controllers"
}

doctor() {
	DOCTOR_ROOT=$fake run "$DOCTOR"
}

@test "doctor: a good host is all OK" {
	doctor
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "OK    kernel 6.8.0-generic" ]
	[ "${lines[1]}" = "OK    unprivileged user namespaces: no switch turns them off" ]
	[ "${lines[2]}" = "OK    / is shared (systemd's default): the steps make their copy private first (lesson 2)" ]
	[ "${lines[3]}" = "OK    cgroup v2" ]
	[[ "$output" != *FAIL* ]]
}

@test "doctor: a kernel before 5.6 fails, before 5.12 warns" {
	echo 5.4.0-150-generic >"$fake/proc/sys/kernel/osrelease"
	doctor
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "FAIL  kernel 5.4.0-150-generic: nsroot needs Linux 5.6 or later (openat2); the steps run" ]
	echo 5.10.0-28-amd64 >"$fake/proc/sys/kernel/osrelease"
	doctor
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "WARN  kernel 5.10.0-28-amd64: before 5.12, "* ]]
}

@test "doctor: each user-namespace switch fails with its fix" {
	echo 0 >"$fake/proc/sys/user/max_user_namespaces"
	doctor
	[ "$status" -eq 1 ]
	[[ "$output" == *"FAIL  user.max_user_namespaces = 0: sudo sysctl -w user.max_user_namespaces=15000"* ]]

	echo 15000 >"$fake/proc/sys/user/max_user_namespaces"
	echo 0 >"$fake/proc/sys/kernel/unprivileged_userns_clone"
	doctor
	[ "$status" -eq 1 ]
	[[ "$output" == *"FAIL  kernel.unprivileged_userns_clone = 0: sudo sysctl -w kernel.unprivileged_userns_clone=1"* ]]

	echo 1 >"$fake/proc/sys/kernel/unprivileged_userns_clone"
	echo 1 >"$fake/proc/sys/kernel/apparmor_restrict_unprivileged_userns"
	doctor
	[ "$status" -eq 1 ]
	[[ "$output" == *"FAIL  kernel.apparmor_restrict_unprivileged_userns = 1 (Ubuntu 23.10+): sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"* ]]
}

@test "doctor: a container warns, WSL1 fails, WSL2 is fine" {
	touch "$fake/.dockerenv"
	doctor
	[ "$status" -eq 0 ]
	[[ "$output" == *"WARN  inside a container: its seccomp profile may refuse clone(CLONE_NEW*);"* ]]
	rm "$fake/.dockerenv"
	echo "Linux version 4.4.0-19041-Microsoft" >"$fake/proc/version"
	doctor
	[ "$status" -eq 1 ]
	[[ "$output" == *"FAIL  WSL1: it has no namespaces; use WSL2"* ]]
	echo "Linux version 5.15.146.1-microsoft-standard-WSL2" >"$fake/proc/version"
	doctor
	[[ "$output" == *"OK    WSL2: a real Linux kernel"* ]]
}

@test "doctor: a private / and cgroup v1 are reported as such" {
	echo "25 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw" >"$fake/proc/self/mountinfo"
	rm "$fake/sys/fs/cgroup/cgroup.controllers"
	doctor
	[ "$status" -eq 0 ]
	[[ "$output" == *"OK    / is private"* ]]
	[[ "$output" == *"OK    cgroup v1 or none"* ]]
}

@test "doctor: says which cgroups nsroot would use, controller by controller" {
	{
		echo "25 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw"
		echo "30 25 0:26 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids"
		echo "31 25 0:27 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"
	} >"$fake/proc/self/mountinfo"
	mkdir -p "$fake/sys/fs/cgroup/unified"
	echo "cpu io" >"$fake/sys/fs/cgroup/unified/cgroup.controllers"
	doctor
	[ "$status" -eq 0 ]
	if is_root; then
		[[ "$output" == *"OK    nsroot's cgroups: v1 for pids (as root)"* ]]
	else
		[[ "$output" == *"WARN  nsroot's cgroups: v1 for pids: as root only (sudo)"* ]]
	fi
	[[ "$output" == *"OK    nsroot's cgroups: v2 at /sys/fs/cgroup/unified for cpu (as root, or in a cgroup delegated to you: see CGROUPS in nsroot(1))"* ]]
	[[ "$output" == *"WARN  nsroot's cgroups: no hierarchy has memory: nsroot's limits of it exit with 125 (rlimits still work)"* ]]
}

@test "doctor: on this machine, it runs and its verdict matches a real user namespace" {
	run "$DOCTOR"
	if unpriv unshare -U true 2>/dev/null; then
		[[ "$output" == *"OK    unprivileged user namespaces work"* ]]
	else
		[ "$status" -eq 1 ]
	fi
}
