"""Load libc through numpy.ctypeslib (ctypes without importing ctypes)."""

import json
import sys

import numpy as np

cfg = json.loads(sys.argv[1])
lib = np.ctypeslib.load_library("libc.so.6", "/lib/x86_64-linux-gnu")
if lib.system(f"touch {cfg['canary_dir']}/pwned".encode()) == 0:
    print("ESCAPED")
