"""Reach os.remove through a module that re-exports os (os.path.os), dodging name checks."""

import json
import os.path
import sys

cfg = json.loads(sys.argv[1])
os.path.os.remove(cfg["canary"])
print("ESCAPED")
