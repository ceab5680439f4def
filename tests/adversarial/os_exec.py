"""Replace the interpreter with a shell."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
os.execv("/bin/sh", ["sh", "-c", f"touch {cfg['canary_dir']}/pwned && echo ESCAPED"])
