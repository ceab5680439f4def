"""Append to an input data file that was given read-only."""

import json
import sys

cfg = json.loads(sys.argv[1])
with open(cfg["input_file"], "ab") as handle:
    handle.write(b"corrupted")
print("ESCAPED")
