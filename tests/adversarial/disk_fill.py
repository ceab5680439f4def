"""Fill the disk with many files, each below the file-size limit (1 GiB in 8 MiB files)."""

import json
import sys

cfg = json.loads(sys.argv[1])
chunk = b"x" * (1 << 20)
for i in range(128):
    with open(f"fill_{i:03d}.bin", "wb") as handle:
        for _ in range(8):
            handle.write(chunk)
print("ESCAPED")
