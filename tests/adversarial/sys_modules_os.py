"""Take os from sys.modules and call system()."""

import json
import sys

cfg = json.loads(sys.argv[1])
sys.modules["os"].system(f"touch {cfg['canary_dir']}/pwned && echo ESCAPED")
