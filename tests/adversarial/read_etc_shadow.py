"""Read /etc/shadow (readable by root only)."""

import json
import sys

cfg = json.loads(sys.argv[1])
with open("/etc/shadow") as handle:
    print("ESCAPED", handle.read()[:200])
