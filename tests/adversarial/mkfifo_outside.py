"""Create a named pipe outside the run directory (mkfifo has no audit event)."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
os.mkfifo(cfg["canary_dir"] + "/pwned.fifo")
print("ESCAPED")
