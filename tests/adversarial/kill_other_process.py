"""Kill a host process (the test starts a victim and passes its PID)."""

import json
import os
import signal
import sys

cfg = json.loads(sys.argv[1])
os.kill(cfg["victim_pid"], signal.SIGKILL)
print("ESCAPED")
