"""Overwrite an existing host file."""

import json
import sys

cfg = json.loads(sys.argv[1])
with open(cfg["canary"], "w") as handle:
    handle.write("owned")
print("ESCAPED")
