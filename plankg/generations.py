"""Files that belong to one store generation (plankg.dataset.read_modified), kept beside
the store: `{directory}/{generation}/`, named by `{directory}/current`, a symbolic link
switched in one rename once every file of the new generation is whole, so a reader sees
the old files or the new ones, never a mix. The dump files (plankg.dump_files) and the
plans' index files (plankg.index_files) are laid out this way; a reader uses them only
while their generation is the store's."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

CURRENT = "current"


def slug(generation: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", generation)


def lay_out(directory: Path, generation: str, fill: Callable[[Path], None]) -> Path:
    """Have `fill` write the files of `generation` into a folder of its own, then make
    that folder the current one and remove the others; its path."""
    target = directory / slug(generation)
    building = directory / f".{slug(generation)}.building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    fill(building)
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    link = directory / f".{CURRENT}.new"
    link.unlink(missing_ok=True)
    link.symlink_to(target.name)
    named = directory / CURRENT
    if named.is_dir() and not named.is_symlink():
        shutil.rmtree(named)  # a copied store (cp -r, copytree) holds the folder itself
    link.replace(named)  # one rename: the old files or the new ones
    for old in directory.iterdir():
        if old.is_dir() and not old.is_symlink() and old.name != target.name:
            shutil.rmtree(old, ignore_errors=True)
    return target
