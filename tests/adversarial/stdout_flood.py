"""Print 1 GB to stdout."""

import json
import sys

cfg = json.loads(sys.argv[1])
line = "x" * 1023 + "\n"
for _ in range(1024 * 1024):
    sys.stdout.write(line)
print("ESCAPED")
