"""Look for the sandbox's audit hook through the garbage collector to disarm it."""

import gc
import json
import sys

cfg = json.loads(sys.argv[1])
hooks = [o for o in gc.get_objects() if getattr(o, "__name__", "") == "hook"]
if hooks:
    print("ESCAPED", len(hooks))
