"""Plan each line of a file (parser mode, no file checks) and print the histograms with their
steps, or the question; ``-v`` prints the whole plan text."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from chathep.catalog import default_catalog  # noqa: E402
from chathep.planner.planner import plan_request  # noqa: E402


def main(path: str, full: bool) -> None:
    catalog = default_catalog()
    with open(path) as f:
        texts = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    for text in texts:
        plan = plan_request(text, catalog, mode="parser", check_files=False)
        print("==", text)
        if not plan.ok:
            print("  ASKED", plan.question)
        elif full:
            print(plan.describe(catalog))
        else:
            print("  PLANNED", [(h.name, h.steps) for h in plan.spec.histograms])


if __name__ == "__main__":
    main(sys.argv[1], "-v" in sys.argv)
