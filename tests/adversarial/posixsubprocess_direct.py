"""Call _posixsubprocess.fork_exec directly (no audit event of its own)."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])

mod = sys.modules.get("_posixsubprocess") or __import__("_posixsubprocess")
cmd = f"touch {cfg['canary_dir']}/pwned && echo ESCAPED"
args = [b"/bin/sh", b"-c", cmd.encode()]
r, w = os.pipe()
pid = mod.fork_exec(
    args, [b"/bin/sh"], True, (w,), None, None,
    -1, -1, -1, -1, -1, -1, r, w,
    True, False, -1, None, None, None, -1, None, False,
)  # fmt: skip
os.waitpid(pid, 0)  # the shell prints ESCAPED itself when touch worked
