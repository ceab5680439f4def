#!/usr/bin/env python
"""Generate ChatHEP's open-data-like samples (Pythia 8 + parametric detector -> NanoAOD).

Example: ``python tools/generate_samples.py --out ~/.local/share/chathep/sim13 --events 20000``
writes one NanoAOD file set per process, the pseudo-data, ``catalog.yaml`` and the pileup
profiles. Run ``--help`` for the options.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chathep.errors import ChatHEPError  # noqa: E402
from chathep.generate import PROCESSES, generate_samples  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--events", type=int, default=10_000, help="events per process")
    parser.add_argument("--seed", type=int, default=1, help="base random seed")
    parser.add_argument(
        "--processes", nargs="+", default=None, help=f"subset of {', '.join(PROCESSES)}"
    )
    parser.add_argument("--workers", type=int, default=None, help="processes (default: 2)")
    parser.add_argument("--lumi", type=float, default=None, help="pseudo-data luminosity, /pb")
    parser.add_argument("--no-data", action="store_true", help="skip the pseudo-data")
    parser.add_argument(
        "--signal-factor", type=float, default=1.0, help="generate the signals N times more"
    )
    parser.add_argument("--chunk", type=int, default=5_000, help="events per file")
    parser.add_argument("--mpi", action="store_true", help="multiparton interactions (slow)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        entries = generate_samples(
            args.out,
            n_events=args.events,
            seed=args.seed,
            processes=args.processes,
            workers=args.workers,
            data=not args.no_data,
            data_lumi_pb=args.lumi,
            signal_factor=args.signal_factor,
            chunk_events=args.chunk,
            mpi=args.mpi,
            progress=not args.quiet,
            log=print,
        )
    except ChatHEPError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for e in entries:
        xs = f"xsec {e['xsec_pb']:.4g} pb" if e.get("xsec_pb") else f"lumi {e['lumi_pb']:.4g} /pb"
        print(f"{e['name']:>14}: {e['n_events']:>8} events, {xs}, {len(e['files'])} file(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
