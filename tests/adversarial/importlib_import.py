"""Reach subprocess through importlib.import_module with a computed name."""

import importlib
import json
import sys

cfg = json.loads(sys.argv[1])
mod = importlib.import_module("sub" + "process")
mod.run(["sh", "-c", f"touch {cfg['canary_dir']}/pwned && echo ESCAPED"])
