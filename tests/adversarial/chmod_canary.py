"""Change a host file's permissions."""

import json
import sys
from pathlib import Path

cfg = json.loads(sys.argv[1])
Path(cfg["canary"]).chmod(0o777)
print("ESCAPED")
