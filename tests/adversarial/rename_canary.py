"""Move a host file away."""

import json
import sys
from pathlib import Path

cfg = json.loads(sys.argv[1])
Path(cfg["canary"]).rename(cfg["canary_dir"] + "/moved.txt")
print("ESCAPED")
