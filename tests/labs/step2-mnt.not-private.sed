# Step 2 that mounts /proc without making / private first: on a host whose
# / is shared (systemd's), the new /proc lands on the host's. The grader's
# own / is private: only the check that makes a shared / sees it.
# loses: step2: on a host whose / is shared, nothing propagates back
/^\tif (opt->clone_flags & CLONE_NEWNS)$/,/MS_REC|MS_PRIVATE)");$/d
