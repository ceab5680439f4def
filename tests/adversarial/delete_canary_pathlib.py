"""Delete a host file with pathlib (no os.* spelled out)."""

import json
import sys
from pathlib import Path

cfg = json.loads(sys.argv[1])
Path(cfg["canary"]).unlink()
print("ESCAPED")
