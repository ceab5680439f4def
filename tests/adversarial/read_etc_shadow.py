"""Read /etc/shadow (readable by root only)."""

import json
import sys

cfg = json.loads(sys.argv[1])
with open("/etc/shadow") as handle:
    text = handle.read()
if text:
    print("ESCAPED", text[:200])
