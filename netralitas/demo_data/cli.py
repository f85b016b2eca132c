"""The command line that regenerates the bundled workbooks: ``python -m netralitas.demo_data --out data/``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from netralitas.demo_data.generator import generate_demo_persons
from netralitas.demo_data.prevention_register import DEMO_PREVENTION_FILE, write_demo_prevention
from netralitas.demo_data.public_prevention import PUBLIC_PREVENTION_FILE, write_public_prevention
from netralitas.demo_data.public_record import PUBLIC_RECORD_FILE, write_public_record
from netralitas.demo_data.register import DEMO_REGISTER_FILE, write_demo_register
from netralitas.demo_data.register_fast import write_register_fast

PROJECT_ROOT = Path(__file__).resolve().parents[2]

def main(argv: Sequence[str] | None = None) -> int:
    """``python -m netralitas.demo_data [--out DIR] [--n N] [--seed S] [--fast-rows N --fast-path FILE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m netralitas.demo_data",
        description="Buat ulang workbook contoh (FIKTIF) dan rekam publik (pelanggaran dan pencegahan) secara "
                    "deterministik.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=PROJECT_ROOT / "data",
        help="folder tujuan (bawaan: data/)",
    )
    parser.add_argument("--n", type=int, default=320, help="jumlah terlapor contoh (bawaan 320)")
    parser.add_argument("--seed", type=int, default=20241127, help="seed acak (bawaan 20241127)")
    parser.add_argument(
        "--fast-rows", type=int, default=0, help="tulis juga register besar N baris dengan xlsxwriter (untuk benchmark)"
    )
    parser.add_argument(
        "--fast-path", type=Path, default=None, help="berkas register besar (bawaan: bench/out/register_besar_<N>.xlsx)"
    )
    args = parser.parse_args(argv)

    persons = generate_demo_persons(args.n, args.seed)
    demo_path = args.out / DEMO_REGISTER_FILE
    manifest = write_demo_register(demo_path, persons)
    print(f"{demo_path}: {len(persons)} terlapor; " + ", ".join(f"{k}: {v['n_persons']}" for k, v in manifest.items()))
    pub_path = args.out / PUBLIC_RECORD_FILE
    pub = write_public_record(pub_path)
    print(f"{pub_path}: " + ", ".join(f"{k}: {v['n_persons']}" for k, v in pub.items()))
    prevention = ((DEMO_PREVENTION_FILE, write_demo_prevention), (PUBLIC_PREVENTION_FILE, write_public_prevention))
    for name, write in prevention:
        written = write(args.out / name)
        print(f"{args.out / name}: " + ", ".join(f"{k}: {v['n_activities']} kegiatan" for k, v in written.items()))
    if args.fast_rows > 0:
        fast_path = args.fast_path or (
            PROJECT_ROOT / "bench" / "out" / f"register_besar_{args.fast_rows}.xlsx"
        )
        big = generate_demo_persons(args.fast_rows, args.seed)
        fm = write_register_fast(fast_path, big)
        print(f"{fast_path}: " + ", ".join(f"{k}: {v['n_persons']}" for k, v in fm.items()))
    return 0
