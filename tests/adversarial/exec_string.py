"""Run a string with exec."""

import json
import sys

cfg = json.loads(sys.argv[1])
exec(f"import os\nos.system('touch {cfg['canary_dir']}/pwned && echo ESCAPED')")
