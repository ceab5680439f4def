"""List the host home directory and print what is there."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
print("ESCAPED", os.listdir(cfg["home"] + "/.ssh"))
