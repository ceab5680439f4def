"""Read the user's SSH private key from the host home."""

import json
import sys

cfg = json.loads(sys.argv[1])
with open(cfg["home"] + "/.ssh/id_rsa") as handle:
    print("ESCAPED", handle.read())
