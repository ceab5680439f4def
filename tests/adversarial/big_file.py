"""Write a file far larger than the file-size limit inside the run directory."""

import json
import sys

cfg = json.loads(sys.argv[1])
chunk = b"x" * (1 << 20)
with open("big.bin", "wb") as handle:
    for _ in range(cfg["big_file_mb"]):
        handle.write(chunk)
print("ESCAPED")
