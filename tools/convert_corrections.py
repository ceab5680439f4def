"""Convert the shipped 2018 legacy correction text files to correctionlib JSON, once.

    python tools/convert_corrections.py [--data-dir DIR] [--out FILE]

The conversion itself is chathep.correction_convert (``chathep data fetch`` and the compiler
run it too); see its docstring for what is converted and how it matches coffea's lookups.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chathep.correction_convert import OUT_NAME, SOURCES, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="default: chathep's")
    parser.add_argument("--out", type=Path, default=None, help=f"default: DATA_DIR/{OUT_NAME}")
    args = parser.parse_args(argv)
    data_dir = args.data_dir
    if data_dir is None:
        from chathep.data import data_dir as default_data_dir

        data_dir = default_data_dir()
    missing = [f for f in SOURCES if not (data_dir / f).is_file()]
    if missing:
        print(f"missing in {data_dir}: {', '.join(missing)} (run `chathep data fetch`)")
        return 1
    print(f"wrote {write(data_dir, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
