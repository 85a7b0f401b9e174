# Step 1 that exits with WEXITSTATUS() alone, as the original nsroot did:
# a command killed by a signal looks like a success.
# loses: step1: seen from the host, the child is in another PID namespace
# loses: step1: a command killed by a signal gives 128 + its number
s/^\treturn exit_status(wstatus);$/\treturn WEXITSTATUS(wstatus);/
