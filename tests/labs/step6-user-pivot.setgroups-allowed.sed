# Step 6 that writes gid_map without writing "deny" to setgroups first:
# the kernel refuses the map, and every -U run of an ordinary user fails.
# loses: step6: -U makes an unprivileged user root inside, mapped to itself
# loses: step6: unprivileged with -U, every option of the earlier steps works
# loses: step6: -r makes the rootfs the root, with its own /proc, and unmounts the host
# loses: step6: the escape program gets out of a -c (chroot) jail
# loses: step6: the escape program stays inside a -r (pivot_root) jail
# loses: step6: -c and -r together, or a missing root, is one line and exit 125
# loses: step6: -v narrates the maps and the root switch
# loses: step6: exit status, signals, and exec failures pass through
/setgroups", (long)pid);$/,/write_file(path, "deny");$/d
