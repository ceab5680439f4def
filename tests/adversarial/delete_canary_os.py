"""Delete a host file with os.remove."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
os.remove(cfg["canary"])
print("ESCAPED")
