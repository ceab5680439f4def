"""Fork 300 sleeping children (a bounded fork bomb)."""

import json
import os
import sys
import time

cfg = json.loads(sys.argv[1])
made = 0
for _ in range(300):
    if os.fork() == 0:
        time.sleep(5)
        os._exit(0)
    made += 1
print("forks", made)
if made == 300:
    print("ESCAPED")
