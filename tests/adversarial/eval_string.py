"""Run a string with eval."""

import json
import sys

cfg = json.loads(sys.argv[1])
eval(f"__import__('os').system('touch {cfg['canary_dir']}/pwned && echo ESCAPED')")
