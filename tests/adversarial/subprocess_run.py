"""Start a shell with subprocess."""

import json
import subprocess
import sys

cfg = json.loads(sys.argv[1])
subprocess.run(["sh", "-c", f"touch {cfg['canary_dir']}/pwned && echo ESCAPED"], check=True)
