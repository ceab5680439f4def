"""Write into /dev/shm (RAM-backed, outside the run directory and its limits)."""

import json
import sys

cfg = json.loads(sys.argv[1])
name = "/dev/shm/chathep-" + cfg["canary_dir"].replace("/", "_")
with open(name, "wb") as handle:
    handle.write(b"x" * 1024)
print("ESCAPED")
