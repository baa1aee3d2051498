"""How alike two Chinese characters look: what Tesseract confuses (氮 read as 氨, 氛, 氢;
替 as 蔡) are characters of one shape, and a correction that replaces more than one
character of a word needs to know which term the misreading resembles.

Each character is rendered in a CJK font (the first fontconfig lists for Chinese, e.g.
Noto Sans CJK from fonts-noto-cjk), blurred and shrunk to a small grid, and two
characters compared by the correlation of their grids (1.0 the same shape; 氮/氨 0.95,
氮/总 0.73). Where no CJK font is installed, nothing is alike (None)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = ["likeness"]

_SIZE = 64  # pixels a character is rendered at
_GRID = 16  # the grid it is compared on: its layout, not its strokes' details
_BLUR = 3.0


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont | None:
    """A font with Chinese characters, as fontconfig lists them; None without one."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, "-f", "%{file}\t%{index}\t%{family}\n", ":lang=zh-cn:style=Regular"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    fonts = [line.split("\t") for line in listed.splitlines() if line.count("\t") == 2]
    # simplified Chinese glyphs first (a CJK collection holds the JP, KR, TC forms too),
    # sorted: the same font on every run
    fonts.sort(key=lambda f: (" SC" not in f[2], f[0], f[1]))
    for path, index, _ in fonts:
        try:
            return ImageFont.truetype(path, _SIZE, index=int(index or 0))
        except (OSError, ValueError):
            continue
    return None


@lru_cache(maxsize=4096)
def _glyph(ch: str) -> npt.NDArray[np.float64] | None:
    font = _font()
    if font is None:
        return None
    image = Image.new("L", (_SIZE + _SIZE // 8, _SIZE + _SIZE // 8), 0)
    left, top, right, bottom = font.getbbox(ch)
    # centred on its ink box: a character's place in its em box is the font's choice
    x = (image.width - (right - left)) / 2 - left
    y = (image.height - (bottom - top)) / 2 - top
    ImageDraw.Draw(image).text((x, y), ch, fill=255, font=font)
    small = image.filter(ImageFilter.GaussianBlur(_BLUR)).resize(
        (_GRID, _GRID), Image.Resampling.BILINEAR
    )
    grid = np.asarray(small, dtype=np.float64)
    grid -= grid.mean()
    norm = float(np.linalg.norm(grid))
    return grid / norm if norm else None


def likeness(a: str, b: str) -> float | None:
    """How alike characters `a` and `b` look, -1..1 (1.0 the same character); None where
    no CJK font is installed or either has no ink."""
    if a == b:
        return 1.0
    ga, gb = _glyph(a), _glyph(b)
    if ga is None or gb is None:
        return None
    return float((ga * gb).sum())
