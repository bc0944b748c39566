"""Phone photos of pages, made readable with OpenCV: the page cut out and flattened, the lighting evened.

A photo shows the page at an angle on a table, lit unevenly. Two steps, each applied only where the
picture needs it (measured in `scripts/eval_ocr.py`, README "Photos"):

- `page`: find the page's four corners (edges of a text-free copy, largest convex quadrilateral) and
  warp it to a flat rectangle, `cv2.getPerspectiveTransform` + `cv2.warpPerspective`. Skipped when no
  clear quadrilateral stands out from a background, as on a scan that is all page.
- `lighting`: divide the page by its own background (a morphological closing, which erases the ink,
  of a reduced copy), so shade and a falling-off light become white paper again. Skipped when the
  background is already even, as on a scan.

Deskewing stays in `ocr.recognize` (projection profiles after a first reading); after `page` the
lines are level anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

PAGE = "page"
LIGHTING = "lighting"
STEPS = (PAGE, LIGHTING)

_WORK_SIDE = 1000  # corner and background search run on a copy this long: fast, and enough
# A page found covers at least this share of the photo, and leaves at least this much of it outside
# (a scan's page edge is the image edge: nothing to cut).
_MIN_PAGE_AREA = 0.2
_MAX_PAGE_AREA = 0.92
# Uneven background: the darkest paper (5th percentile) below this share of the brightest (95th).
_EVEN_BACKGROUND = 0.85
# What lies around a photographed page is at most this bright relative to the page's paper.
_BACKGROUND_DARKER = 0.8
A4_WIDTH_INCHES = 8.27


@dataclass(frozen=True)
class Corrected:
    """A photo made readable: its pixels, the steps that were applied, and the resolution they imply."""

    pixels: Image.Image
    steps: tuple[str, ...]
    dpi: int | None


def corrected(image: Image.Image, steps: tuple[str, ...] = STEPS) -> Corrected | None:
    """The page cut out, flattened and evenly lit, per the `steps` asked for; None when none applies."""
    gray = np.asarray(image if image.mode == "L" else image.convert("L"))
    applied: list[str] = []
    dpi = None
    if PAGE in steps:
        corners = find_page(gray)
        if corners is not None:
            gray = flattened(gray, corners)
            applied.append(PAGE)
            # A page cut out of a photo has no resolution of its own; taking it as A4 gives
            # tesseract the right text size to expect (a phone's JPEG usually claims 72 DPI).
            dpi = round(gray.shape[1] / A4_WIDTH_INCHES)
    if LIGHTING in steps and not _evenly_lit(gray):
        gray = evenly_lit(gray)
        applied.append(LIGHTING)
    if not applied:
        return None
    return Corrected(Image.fromarray(gray), tuple(applied), dpi)


def find_page(gray: np.ndarray) -> np.ndarray | None:
    """The page's four corners (top-left, top-right, bottom-right, bottom-left) in pixels, or None."""
    scale = _WORK_SIDE / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    # Closing with a kernel wider than a letter erases the text: what remains is paper and table.
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    paper = cv2.GaussianBlur(paper, (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(paper, 30, 90), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        hull = cv2.convexHull(contour)
        quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        share = cv2.contourArea(quad) / area
        if len(quad) == 4 and _MIN_PAGE_AREA <= share <= _MAX_PAGE_AREA and _stands_out(paper, quad):
            return _ordered(quad.reshape(4, 2).astype(np.float32) / scale)
    return None


def _stands_out(paper: np.ndarray, quad: np.ndarray) -> bool:
    """Whether the quadrilateral is a page on a darker background, not a frame drawn on the page.

    A form's bordered box or a table on a scan is a clear quadrilateral too, but white paper lies
    around it: cutting it out would drop the text outside. A photographed page lies on a table.
    """
    inside = np.zeros(paper.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.reshape(-1, 2).astype(np.int32), 1)
    page, around = np.median(paper[inside == 1]), np.median(paper[inside == 0])
    return bool(around < _BACKGROUND_DARKER * page)


def flattened(gray: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The quadrilateral `corners` warped to an upright rectangle of its own (longest) side lengths."""
    top_left, top_right, bottom_right, bottom_left = corners
    width = int(max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left)))
    height = int(max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def evenly_lit(gray: np.ndarray) -> np.ndarray:
    """The page divided by its background (ink erased by a closing), so the paper is white everywhere."""
    background = cv2.resize(_background(gray), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, background, scale=255)


def _background(gray: np.ndarray) -> np.ndarray:
    """The paper without its ink, on a reduced copy (the light varies slowly)."""
    scale = _WORK_SIDE / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (21, 21)))
    return cv2.medianBlur(closed, 21)


def _evenly_lit(gray: np.ndarray) -> bool:
    low, high = np.percentile(_background(gray), [5, 95])
    return bool(high == 0 or low / high >= _EVEN_BACKGROUND)


def _ordered(points: np.ndarray) -> np.ndarray:
    """Four points as top-left, top-right, bottom-right, bottom-left (sums and differences of x, y)."""
    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    order = [np.argmin(sums), np.argmin(diffs), np.argmax(sums), np.argmax(diffs)]
    return np.asarray(points[order], dtype=np.float32)
