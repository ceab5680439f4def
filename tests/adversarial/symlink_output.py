"""Make results.json a symlink to a host file so the host reads it back."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
os.symlink(cfg["canary"], "results.json")
