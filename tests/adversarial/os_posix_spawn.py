"""Spawn a shell with posix_spawn."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
pid = os.posix_spawn("/bin/sh", ["sh", "-c", f"touch {cfg['canary_dir']}/pwned; echo ESCAPED"], {})
os.waitpid(pid, 0)
