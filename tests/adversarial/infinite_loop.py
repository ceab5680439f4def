"""Spin forever."""

import json
import sys

cfg = json.loads(sys.argv[1])
n = 0
while True:
    n += 1
