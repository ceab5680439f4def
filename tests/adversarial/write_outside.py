"""Create a file outside the run directory."""

import json
import sys

cfg = json.loads(sys.argv[1])
with open(cfg["canary_dir"] + "/pwned.txt", "w") as handle:
    handle.write("pwned")
print("ESCAPED")
