"""Read the environment of other processes through /proc (the parent holds the secret)."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
for pid in [str(os.getppid()), *os.listdir("/proc")]:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            data = handle.read()
    except OSError:
        continue
    if cfg["secret_name"].encode() in data:
        print("ESCAPED", data[:4000])
        break
