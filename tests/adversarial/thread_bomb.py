"""Start 5000 threads (each reserves a stack: address space and task count)."""

import json
import sys
import threading
import time

cfg = json.loads(sys.argv[1])
started = 0
for _ in range(5000):
    threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
    started += 1
print("threads", started)
print("ESCAPED")
