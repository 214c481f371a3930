"""Fault injection: kill, interrupt, fill the disk, race, break the server, corrupt files, lock
out writes and feed hostile text to ``acctbench`` runs; count what survives.

Usage (from the repository root)::

    python benchmarks/faults.py                 # every fault, 20 SIGKILLs (about 3 minutes on 2 cores)
    python benchmarks/faults.py --kills 5 --seed 3

Prints a table: fault, runs tried, runs survived (completed after resume, ending equal to a
clean run of the same command), rows lost, rows duplicated, and a note. The scenarios live in
``tests/test_faults.py`` (the tests run the same code with fewer repetitions). Runs are
``acctbench`` subprocesses, the scripted server listens on 127.0.0.1 only, and every wait is
bounded. A full or read-only disk is a small tmpfs when root may mount one; otherwise the full
disk is an injected writer and the tmpfs rows say why they were skipped.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout: acctbench and tests/test_faults.py

from acctbench.tables import format_table  # noqa: E402
from tests import test_faults as faults  # noqa: E402

HEADERS = ["fault", "runs tried", "runs survived", "rows lost", "rows duplicated", "note"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs at random points (default 20)")
    parser.add_argument("--interrupts", type=int, default=5, help="Ctrl-Cs at random points (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the kill and interrupt points")
    return parser.parse_args(argv)


def skipped(fault: str, reason: str) -> faults.Outcome:
    return faults.Outcome(fault, note=f"skipped: {reason}")


def run_all(work: Path, args: argparse.Namespace) -> list[faults.Outcome]:
    rng = random.Random(args.seed)
    ref = faults.reference_run(work / "clean", faults.ORACLE)
    refusal = faults.mount_refusal(work / "probe")
    outcomes = [
        faults.sigkill(work, ref, args.kills, rng),
        faults.sigint(work, ref, args.interrupts, rng),
        faults.enospc_tmpfs(work, ref) if refusal is None else skipped("ENOSPC (tmpfs)", refusal),
        faults.enospc_injected(work, ref),
    ]
    with faults.fault_server() as server:
        server_ref = faults.reference_run(work / "server-clean", faults.server_args(server))
        outcomes.append(faults.concurrent(work, server, server_ref))
        outcomes += [faults.server_fault(work, server, server_ref, fault) for fault in faults.SERVER_FAULTS]
        outcomes += faults.corrupted(work, ref)
        as_root_without_mount = refusal is not None and os.geteuid() == 0
        outcomes.append(skipped("read-only output directory", refusal) if as_root_without_mount else faults.read_only(work, ref))
        outcomes += [faults.hostile_score(work), faults.hostile_replay(work), faults.hostile_server(work, server),
                     faults.hostile_train(work)]
    return outcomes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="acctbench-faults-") as tmp:
        outcomes = run_all(Path(tmp), args)
    rows = [[o.fault, o.tried, o.survived, o.lost, o.duplicated, o.note] for o in outcomes]
    sys.stdout.write(format_table(HEADERS, rows))
    tried = [o for o in outcomes if o.tried]
    sys.stdout.write(
        f"{sum(o.tried for o in tried)} runs under {len(tried)} faults: {sum(o.survived for o in tried)} survived, "
        f"{sum(o.lost for o in tried)} rows lost, {sum(o.duplicated for o in tried)} duplicated "
        f"({time.monotonic() - started:.0f} s)\n"
    )
    return 0 if all(o.clean for o in tried) else 1


if __name__ == "__main__":
    sys.exit(main())
