"""Sleep far beyond the wall-clock limit (no CPU used)."""

import json
import sys
import time

cfg = json.loads(sys.argv[1])
time.sleep(3600)
print("ESCAPED")
