"""Write outside the run directory through numpy (no open() spelled out)."""

import json
import sys

import numpy as np

cfg = json.loads(sys.argv[1])
np.arange(3).tofile(cfg["canary_dir"] + "/pwned.bin")
print("ESCAPED")
