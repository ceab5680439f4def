"""Allocate and touch 2 GiB."""

import json
import sys

import numpy as np

cfg = json.loads(sys.argv[1])
block = np.ones(2 * 1024**3 // 8)
print("ESCAPED", block.sum())
