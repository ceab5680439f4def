"""Make results.json a hard link to a host file (the host would read or overwrite it)."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
os.link(cfg["canary"], "results.json")
