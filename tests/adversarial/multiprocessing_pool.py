"""Start a multiprocessing pool of workers."""

import json
import multiprocessing
import sys

cfg = json.loads(sys.argv[1])
with multiprocessing.Pool(4) as pool:
    pool.map(abs, range(8))
print("ESCAPED")
