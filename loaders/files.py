"""The files of one load: folders searched for registers, and files of one name settled before anything loads."""

from __future__ import annotations

import hashlib
from pathlib import Path

from loaders.reading import SUPPORTED_SUFFIXES
from loaders.results import FileResult


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files to load: given files as they are, folders searched recursively for supported files."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(("~$", "."))
                )
            )
        else:
            out.append(p)
    return out


def same_name_clashes(files: list[Path]) -> dict[int, FileResult]:
    """Files of one load (by position in ``files``) that must not be loaded as they are, because another file
    has the same name.

    A file is identified by its name (``source_file``, loading a name again replaces its rows), so two files
    with one name in one load would silently replace each other. Where their contents differ, every file of
    that name is refused (status ``nama_ganda``) with a reason naming all paths and asking to rename one; where
    they are byte-identical, the first is loaded and the others are skipped (status ``kembar``).
    """
    by_name: dict[str, list[int]] = {}
    for k, f in enumerate(files):
        by_name.setdefault(f.name, []).append(k)
    out: dict[int, FileResult] = {}
    for name, positions in by_name.items():
        if len(positions) < 2:
            continue
        group = [files[k] for k in positions]
        try:
            digests = [file_sha256(f) for f in group]
        except OSError:
            continue  # an unreadable file fails on its own, with its own reason
        if len(set(digests)) > 1:
            reason = clash_reason(name, group)
            for k, f in zip(positions, group, strict=True):
                out[k] = FileResult(f, name, "nama_ganda", error=reason)
        else:
            for k, f in zip(positions[1:], group[1:], strict=True):
                out[k] = FileResult(f, name, "kembar", detail=f"sama dengan {group[0]}")
    return out


def clash_reason(name: str, paths: list[Path]) -> str:
    """Why files of one name with different contents are not loaded, naming every path and how to fix it."""
    listed = ", ".join(dict.fromkeys(str(f) for f in paths))
    return (f"Ada {len(paths)} file bernama '{name}' dengan isi berbeda dalam muatan ini: {listed}. File "
            "dikenali dari namanya (file bernama sama menggantikan yang dimuat sebelumnya), jadi tidak "
            f"satu pun dimuat. Ganti nama salah satunya (mis. tambahkan tahunnya: "
            f"{Path(name).stem}_2024{Path(name).suffix}) lalu muat lagi")
