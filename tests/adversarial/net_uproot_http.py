"""Open a 'remote ROOT file' through uproot, an allowed library, from the listener."""

import json
import sys

import uproot

cfg = json.loads(sys.argv[1])
uproot.open(f"http://127.0.0.1:{cfg['port']}/file.root", timeout=2)
print("ESCAPED")
