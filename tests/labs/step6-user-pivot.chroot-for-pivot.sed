# Step 6 with chroot(2) where -r wants pivot_root(2): the old root stays
# mounted above the new one, and the escape program gets out. (From
# inside, the mount table looks the same: only an escape tells them apart.)
# loses: step6: the escape program stays inside a -r (pivot_root) jail
# loses: step6: as root too, -c is escaped and -r is not
# loses: step6: -v narrates the maps and the root switch
/^\/\* Make the current directory the root with pivot_root/,/^}$/d
/^static void pivot_to_cwd(void);$/d
s/^\t\tpivot_to_cwd();$/\t\tcheck(chroot("."), "chroot(\\".\\")");/
