"""Spawn a shell with posix_spawn."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
command = f"touch {cfg['canary_dir']}/pwned && echo ESCAPED"
pid = os.posix_spawn("/bin/sh", ["sh", "-c", command], {})
os.waitpid(pid, 0)
