# Step 4 that reads lo's flags and writes them back without adding IFF_UP:
# every ioctl succeeds, and lo stays down.
# loses: step4: inside, ip link shows exactly one interface: lo, UP
# loses: step4: lo works: a connection to 127.0.0.1 is refused, not unreachable
/^\tifr.ifr_flags |= IFF_UP;$/d
