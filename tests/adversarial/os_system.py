"""Run a shell command with os.system."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
os.system(f"touch {cfg['canary_dir']}/pwned && echo ESCAPED")
