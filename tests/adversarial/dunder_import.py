"""Reach os.system through __import__."""

import json
import sys

cfg = json.loads(sys.argv[1])
__import__("os").system(f"touch {cfg['canary_dir']}/pwned && echo ESCAPED")
