# Step 6 that writes gid_map without writing "deny" to setgroups first:
# the kernel refuses the map, and every -U run of an ordinary user fails.
# loses: step6: -U makes an unprivileged user root inside, mapped to itself
# loses: step6: unprivileged with -U, every option of the earlier steps works
# loses: step6: -r makes the rootfs the root, with its own /proc, and unmounts the host
# loses: step6: the escape program gets out of a -c (chroot) jail
# loses: step6: the escape program stays inside a -r (pivot_root) jail
# loses: step6: -c and -r together, or a missing root, is one line and exit 125
# loses: step6: -v narrates the maps and the root switch
# loses: step6: the command's exit status passes through, and nothing is printed
# loses: step6: a command killed by a signal gives 128 + its number
# loses: step6: a command not found is 127, with exec's error
# loses: step6: a command that cannot run is 126, with exec's error
/setgroups", (long)pid);$/,/write_file(path, "deny");$/d
