# Step 3 without sethostname(2): -u makes a UTS namespace, and the name
# given stays unused.
# loses: step3: -u sets the hostname inside, and the host's stays
# loses: step3: a hostname the kernel refuses is one line and exit 125
/^\tif (opt->hostname)$/,/opt->hostname);$/d
