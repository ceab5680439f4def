"""Create a file outside the run directory relative to a directory descriptor (os.open dir_fd)."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
folder = os.open(cfg["canary_dir"], os.O_RDONLY)
fd = os.open("pwned", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder)
os.write(fd, b"pwned")
os.close(fd)
print("ESCAPED")
