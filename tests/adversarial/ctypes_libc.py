"""Call libc's system() through ctypes."""

import ctypes
import json
import sys

cfg = json.loads(sys.argv[1])
ctypes.CDLL("libc.so.6").system(f"touch {cfg['canary_dir']}/pwned".encode())
print("ESCAPED")
