"""HTTP request to the loopback listener through urllib."""

import json
import sys
import urllib.request

cfg = json.loads(sys.argv[1])
urllib.request.urlopen(f"http://127.0.0.1:{cfg['port']}/", timeout=2)
print("ESCAPED")
