"""Fetch eval from the builtins with a computed attribute name."""

import builtins
import json
import sys

cfg = json.loads(sys.argv[1])
fn = getattr(builtins, "ev" + "al")
fn(f"__import__('os').system('touch {cfg['canary_dir']}/pwned && echo ESCAPED')")
