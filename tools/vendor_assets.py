"""Vendored browser assets: fetch the pinned npm tarballs and check what is committed.

The manifest (api/static/vendor/MANIFEST.json) names, for each package, its version, its
licence, the registry tarball with its npm integrity (sha512), and every file taken from
it with the sha256 of its content and where it lives in this repository.

    python tools/vendor_assets.py            # check the committed files (offline)
    python tools/vendor_assets.py --fetch    # re-fetch the pinned tarballs, verify, write
    python tools/vendor_assets.py --record   # after editing a version: fetch and re-pin

Only the npm registry is contacted (the tarball URL in the manifest), never a CDN.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "api" / "static" / "vendor" / "MANIFEST.json"
REGISTRY = "https://registry.npmjs.org"


def tarball_url(package: str, version: str) -> str:
    """The registry's tarball address: scoped packages drop the scope from the file name."""
    base = package.rsplit("/", 1)[-1]
    return f"{REGISTRY}/{package}/-/{base}-{version}.tgz"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def load_manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return manifest


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        data: bytes = response.read()
        return data


def members(tgz: bytes) -> dict[str, bytes]:
    """The regular files of an npm tarball, keyed by their path inside the package."""
    out: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        for info in tar.getmembers():
            if not info.isfile():
                continue
            # npm tarballs hold one top folder, normally "package/"
            _, _, inner = info.name.partition("/")
            handle = tar.extractfile(info)
            if handle is not None:
                out[inner] = handle.read()
    return out


def check(manifest: dict[str, Any]) -> list[str]:
    """Problems with the committed files: missing or not the pinned content."""
    problems = []
    for entry in manifest["packages"]:
        for item in entry["files"]:
            path = ROOT / item["to"]
            if not path.is_file():
                problems.append(f"{item['to']}: missing ({entry['package']}@{entry['version']})")
            elif sha256(path.read_bytes()) != item["sha256"]:
                problems.append(f"{item['to']}: sha256 differs from the manifest")
    return problems


def fetch(manifest: dict[str, Any], record: bool) -> list[str]:
    """Write each listed file from its pinned tarball; with `record`, re-pin the hashes."""
    problems = []
    for entry in manifest["packages"]:
        url = tarball_url(entry["package"], entry["version"])
        tgz = download(url)
        if record:
            entry["tarball"], entry["integrity"] = url, integrity(tgz)
        elif integrity(tgz) != entry["integrity"]:
            problems.append(f"{url}: integrity differs from the manifest")
            continue
        files = members(tgz)
        for item in entry["files"]:
            data = files.get(item["from"])
            if data is None:
                problems.append(f"{url}: no file {item['from']}")
                continue
            if record:
                item["sha256"] = sha256(data)
            elif sha256(data) != item["sha256"]:
                problems.append(f"{url}: {item['from']} sha256 differs from the manifest")
                continue
            target = ROOT / item["to"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    if record and not problems:
        MANIFEST.write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fetch", action="store_true", help="re-fetch the pinned tarballs")
    mode.add_argument("--record", action="store_true", help="fetch and re-pin the hashes")
    args = parser.parse_args(argv)
    manifest = load_manifest()
    problems = fetch(manifest, args.record) if args.fetch or args.record else []
    problems += check(load_manifest())
    for problem in problems:
        print(f"vendor_assets: {problem}", file=sys.stderr)
    if not problems:
        count = sum(len(e["files"]) for e in load_manifest()["packages"])
        print(f"vendor_assets: {count} files match {MANIFEST.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
