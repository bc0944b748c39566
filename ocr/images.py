"""Page images with Pillow: safe opening, frames, EXIF orientation, grayscale, rotation and skew.

Tesseract reads PNG, JPEG and TIFF itself and converts to grayscale internally, so an image that needs no
correction is handed over as the original file; only a page that must be changed is re-encoded, as
uncompressed PNM (no compression work, and tesseract reads it directly).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageOps, ImageStat

from ocr.errors import CorruptDocumentError, ImageTooLargeError

EXIF_ORIENTATION = 274
# Modes leptonica reads as-is; others (alpha, CMYK, 16-bit, palettes) are flattened to grayscale first.
_PASS_THROUGH_MODES = frozenset({"1", "L", "RGB"})
# Resolutions below this are placeholders (the BnL scans say 1 DPI); tesseract then estimates its own.
MIN_PLAUSIBLE_DPI = 70
# Skew search: tesseract copes with small skews itself; beyond this the page is not a skewed scan.
MAX_SKEW_DEGREES = 10.0
SKEW_WORTH_FIXING = 0.5
_SKEW_SAMPLE_WIDTH = 800
_CLEARLY_SHARPER = 1.1
_JPEG_END = b"\xff\xd9"
_JPEG_TAIL = 4096  # some cameras append data after the end marker


def open_image(source: Path, max_pixels: int) -> Image.Image:
    """Open an image lazily (header only), refusing decompression bombs before any pixel is decoded."""
    try:
        with warnings.catch_warnings():
            # Our own limit below decides; Pillow's generic warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source)
    except Image.DecompressionBombError as e:
        raise ImageTooLargeError(_pixels_in(str(e)), max_pixels) from e
    except (OSError, SyntaxError, ValueError) as e:
        raise CorruptDocumentError("image", str(e)) from e
    check_size(image, max_pixels)
    return image


def check_size(image: Image.Image, max_pixels: int) -> None:
    """Raise `ImageTooLargeError` when the image has more than `max_pixels` pixels."""
    pixels = image.width * image.height
    if pixels > max_pixels:
        raise ImageTooLargeError(pixels, max_pixels)


def check_complete(image: Image.Image, path: Path) -> None:
    """Refuse a truncated file that would be handed to tesseract undecoded (it reads what it can).

    Cheap structural checks instead of a full decode: PNG chunk CRCs, the JPEG end marker, and TIFF
    strips that lie inside the file.
    """
    size = path.stat().st_size
    try:
        if image.format == "PNG":
            with Image.open(path) as fresh:
                fresh.verify()
        elif image.format == "JPEG" and _JPEG_END not in _tail(path, size):
            raise CorruptDocumentError("image", "the JPEG data stops before its end marker")
        elif image.format == "TIFF" and _tiff_strips_end(image) > size:
            raise CorruptDocumentError("image", "the TIFF image data runs past the end of the file")
    except (OSError, SyntaxError, ValueError) as e:
        raise CorruptDocumentError("image", str(e)) from e


def _tail(path: Path, size: int) -> bytes:
    with path.open("rb") as file:
        file.seek(max(size - _JPEG_TAIL, 0))
        return file.read()


def _tiff_strips_end(image: Image.Image) -> int:
    tags = getattr(image, "tag_v2", {})
    offsets = tags.get(273) or tags.get(324) or ()
    counts = tags.get(279) or tags.get(325) or ()
    if isinstance(offsets, int):
        offsets, counts = (offsets,), (counts,)
    return max((int(o) + int(c) for o, c in zip(offsets, counts, strict=False)), default=0)


def frame_count(image: Image.Image) -> int:
    """Number of pages in the image file (multi-page TIFF), 1 for the others."""
    return int(getattr(image, "n_frames", 1))


def frames(image: Image.Image, max_pixels: int) -> Iterator[Image.Image]:
    """Yield each frame of the image, each checked against the pixel limit."""
    for index in range(frame_count(image)):
        try:
            image.seek(index)
        except EOFError as e:
            raise CorruptDocumentError("image", f"page {index + 1} is missing") from e
        check_size(image, max_pixels)
        yield image


def needs_normalising(image: Image.Image) -> bool:
    """Whether tesseract cannot be given the original file as it is."""
    try:
        orientation = _exif_orientation(image)
    except (OSError, SyntaxError, ValueError) as e:
        raise CorruptDocumentError("image", str(e)) from e
    return frame_count(image) > 1 or orientation not in (None, 1) or image.mode not in _PASS_THROUGH_MODES


def _exif_orientation(image: Image.Image) -> int:
    if image.format == "PNG":
        # Pillow's PNG getexif() decodes the whole image to look past the pixels; the eXIf chunk
        # read with the header is enough (and the only place writers put it in practice).
        raw = image.info.get("exif")
        if not raw:
            return 1
        exif = Image.Exif()
        exif.load(raw)
        return int(exif.get(EXIF_ORIENTATION, 1))
    return int(image.getexif().get(EXIF_ORIENTATION, 1) or 1)


def normalised(image: Image.Image) -> Image.Image:
    """The frame upright per its EXIF tag, in grayscale (alpha flattened on white), or bilevel."""
    try:
        upright = ImageOps.exif_transpose(image) or image
        if upright.mode == "1":
            return upright.copy()
        if "A" in upright.getbands() or upright.mode == "P" and "transparency" in upright.info:
            rgba = upright.convert("RGBA")
            background = Image.new("RGBA", rgba.size, "white")
            upright = Image.alpha_composite(background, rgba)
        if upright.mode.startswith("I"):  # 16-bit scans: keep the top 8 bits, not a clipped copy
            upright = upright.convert("I").point(lambda v: v * (1 / 256))
        return upright.convert("L")
    except (OSError, ValueError, SyntaxError) as e:
        raise CorruptDocumentError("image", str(e)) from e


def dpi_of(image: Image.Image) -> int | None:
    """The declared resolution when it is plausible, else None (tesseract will estimate it)."""
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    value = int(round(float(dpi[0])))
    return value if value >= MIN_PLAUSIBLE_DPI else None


def write_pnm(image: Image.Image, path: Path) -> Path:
    """Write the image as uncompressed PBM/PGM, the cheapest format for tesseract to take in."""
    image.save(path, format="PPM")
    return path


def write_png(source: Path | Image.Image, path: Path) -> Path:
    """Write a page image (a file tesseract read, or pixels) as grayscale PNG, fast compression."""
    if isinstance(source, Image.Image):
        pixels = source if source.mode in ("1", "L") else source.convert("L")
    else:
        with open_image(source, max_pixels=Image.MAX_IMAGE_PIXELS or 1 << 40) as opened:
            pixels = normalised(opened)
    pixels.save(path, format="PNG", compress_level=1)
    return path


def estimate_skew(image: Image.Image) -> float:
    """Angle (degrees, counter-clockwise) that makes the text lines horizontal, by projection profiles."""
    sample = image.convert("L")
    sample.thumbnail((_SKEW_SAMPLE_WIDTH, _SKEW_SAMPLE_WIDTH * 4))
    # Ink becomes white on black, so the corners a rotation uncovers add no ink.
    ink = sample.point(lambda v: 255 if v < 128 else 0)
    coarse = max(_angles(0.0, MAX_SKEW_DEGREES, 1.0), key=lambda a: _profile_sharpness(ink, a))
    fine = [a for a in _angles(coarse, 1.0, 0.1) if abs(a) <= MAX_SKEW_DEGREES]
    best = max(fine, key=lambda a: _profile_sharpness(ink, a))
    # A blank or picture-only page has no line structure: every angle scores alike, keep it as it is.
    if _profile_sharpness(ink, best) <= _CLEARLY_SHARPER * _profile_sharpness(ink, 0.0):
        return 0.0
    return best


def rotated(image: Image.Image, degrees_ccw: float) -> Image.Image:
    """The image turned counter-clockwise, grown to fit, with white filling the uncovered corners."""
    gray = image if image.mode in ("1", "L") else image.convert("L")
    if degrees_ccw % 90 == 0:
        return gray.rotate(degrees_ccw, expand=True)  # exact, no resampling
    return gray.convert("L").rotate(
        degrees_ccw, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255
    )


def _angles(centre: float, span: float, step: float) -> list[float]:
    count = int(round(span / step))
    return [round(centre + i * step, 2) for i in range(-count, count + 1)]


def _profile_sharpness(ink: Image.Image, angle: float) -> float:
    """Variance of the row sums: highest when text lines fall exactly on rows."""
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=0)
    rows = turned.resize((1, turned.height), Image.Resampling.BOX)
    return float(ImageStat.Stat(rows).var[0])


def _pixels_in(message: str) -> int:
    """Pillow says "Image size (N pixels) exceeds limit ..."; keep N for our own message."""
    for token in message.replace("(", " ").split():
        if token.isdigit():
            return int(token)
    return 0
