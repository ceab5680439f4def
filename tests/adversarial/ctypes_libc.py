"""Call libc's system() through ctypes."""

import ctypes
import json
import sys

cfg = json.loads(sys.argv[1])
rc = ctypes.CDLL("libc.so.6").system(f"touch {cfg['canary_dir']}/pwned".encode())
if rc == 0:
    print("ESCAPED")
