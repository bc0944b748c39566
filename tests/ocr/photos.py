"""Phone photos of printed letters and forms, made at run time: known text, then real camera distortions.

Each page is rendered at 300 DPI (A4, DejaVu fonts), then photographed with OpenCV: warped in
perspective onto a larger table background, lit unevenly with a soft shadow across it, blurred,
given sensor noise and saved as a JPEG of 8 to 12 megapixels. Nothing is stored: the same seed gives
the same photo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
A4_300DPI = (2480, 3508)
MARGIN = 220
BODY_PX = 42  # about 10 pt at 300 DPI
TITLE_PX = 58

LETTER_FR = (
    ("title", "Caisse primaire d'assurance maladie de la Moselle"),
    ("line", "18 rue Haute-Seille, 57000 Metz"),
    ("gap", ""),
    ("line", "Madame Martine Lefèvre"),
    ("line", "12 avenue Foch, 54000 Nancy"),
    ("gap", ""),
    ("line", "Numéro de sécurité sociale : 2 85 03 75 123 456 78"),
    ("line", "Référence du dossier : PEN-2024-01783"),
    ("gap", ""),
    ("line", "Madame, nous avons bien reçu le 12 mars 2024 votre demande de"),
    ("line", "pension de réversion. Afin de la traiter, merci de nous retourner"),
    ("line", "le formulaire signé avant le 15 avril, accompagné d'une attestation"),
    ("line", "de votre employeur et d'un relevé d'identité bancaire."),
    ("line", "Le montant mensuel estimé s'élève à 1 284,50 euros."),
)
LETTER_DE = (
    ("title", "Deutsche Rentenversicherung Bund"),
    ("line", "Ruhrstraße 2, 10709 Berlin"),
    ("gap", ""),
    ("line", "Herrn Jürgen Schäfer"),
    ("line", "Lindenallee 14, 66111 Saarbrücken"),
    ("gap", ""),
    ("line", "Versicherungsnummer: 65 170839 J 003"),
    ("line", "Aktenzeichen: R-2024-55821"),
    ("gap", ""),
    ("line", "Sehr geehrter Herr Schäfer, wir haben Ihren Antrag auf Altersrente"),
    ("line", "vom 3. Mai 2024 erhalten. Bitte senden Sie uns die Bescheinigung"),
    ("line", "Ihres Arbeitgebers bis zum 30. Juni zurück. Die monatliche Rente"),
    ("line", "beträgt voraussichtlich 1.732,18 Euro ab dem 1. August 2024."),
)
FORM_FR = (
    ("title", "Formulaire E 205 FR - Attestation de carrière"),
    ("gap", ""),
    ("line", "Nom de l'assuré : Dupont"),
    ("line", "Prénom : Jean-Pierre"),
    ("line", "Date de naissance : 17 mars 1958"),
    ("line", "Numéro d'identification : 1 58 03 57 463 012 41"),
    ("line", "Adresse : 3 place Saint-Louis, 57000 Metz"),
    ("line", "Période d'assurance : du 01.09.1979 au 31.12.2019"),
    ("line", "Organisme : Caisse d'assurance retraite Alsace-Moselle"),
    ("line", "Fait à Strasbourg, le 4 juin 2024"),
)


@dataclass(frozen=True)
class Shot:
    """How a page is photographed: size, tilt of the phone, shade and sharpness."""

    name: str
    width: int
    height: int
    tilt: float  # 0-1: how far the page corners move off a rectangle (perspective)
    rotation: float  # degrees the page turns in the frame
    shade: float  # 0-1: how dark the shadow and the far side of the page get
    blur: float  # Gaussian sigma, pixels
    seed: int


@dataclass(frozen=True)
class Photo:
    """One photo: its name, language, the text printed on the page and the JPEG bytes."""

    name: str
    language: str
    truth: str
    data: bytes


SHOTS = (
    Shot("mild", 2448, 3264, tilt=0.05, rotation=3.0, shade=0.25, blur=1.0, seed=1),  # 8 MP
    Shot("angled_shade", 3000, 4000, tilt=0.10, rotation=-6.0, shade=0.5, blur=1.3, seed=2),  # 12 MP
    Shot("harsh", 3000, 4000, tilt=0.14, rotation=8.0, shade=0.6, blur=1.6, seed=3),  # 12 MP
)
PAGES = (("letter_fr", "fr", LETTER_FR), ("letter_de", "de", LETTER_DE), ("form_fr", "fr", FORM_FR))


def photo_set() -> list[Photo]:
    """Every page photographed in every way: the evaluation set of `scripts/eval_ocr.py`."""
    return [photo(name, language, lines, shot) for name, language, lines in PAGES for shot in SHOTS]


def photo(name: str, language: str, lines: Sequence[tuple[str, str]], shot: Shot) -> Photo:
    """One page rendered and photographed."""
    page = rendered(lines)
    truth = "\n".join(text for kind, text in lines if kind != "gap")
    return Photo(f"photo_{name}_{shot.name}.jpg", language, truth, photographed(page, shot))


def rendered(lines: Sequence[tuple[str, str]]) -> Image.Image:
    """The page as printed: black text on white A4 at 300 DPI."""
    page = Image.new("L", A4_300DPI, 255)
    draw = ImageDraw.Draw(page)
    title = ImageFont.truetype(f"{FONT_DIR}/DejaVuSans-Bold.ttf", TITLE_PX)
    body = ImageFont.truetype(f"{FONT_DIR}/DejaVuSerif.ttf", BODY_PX)
    y = MARGIN
    for kind, text in lines:
        if kind == "gap":
            y += BODY_PX
            continue
        face = title if kind == "title" else body
        draw.text((MARGIN, y), text, font=face, fill=20)
        y += int((TITLE_PX if kind == "title" else BODY_PX) * 1.6)
    return page


def photographed(page: Image.Image, shot: Shot) -> bytes:
    """The page as a phone sees it, JPEG-encoded (OpenCV operations throughout: 12 MP stays quick)."""
    rng = np.random.default_rng(shot.seed)
    cv2.setRNGSeed(shot.seed)
    paper = cv2.cvtColor(np.asarray(page), cv2.COLOR_GRAY2BGR)
    paper = cv2.multiply(paper, (0.93, 0.97, 1.0, 0), dtype=cv2.CV_8U)  # warm, slightly off-white paper
    corners = _page_corners(shot, page.size, rng)
    source = np.float32([[0, 0], [page.width, 0], [page.width, page.height], [0, page.height]])
    matrix = cv2.getPerspectiveTransform(source, corners)
    size = (shot.width, shot.height)
    # The page is drawn over the table: pixels outside it keep the table (BORDER_TRANSPARENT).
    scene = _table(size, rng)
    cv2.warpPerspective(paper, matrix, size, dst=scene, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_TRANSPARENT)
    light = cv2.cvtColor(_lighting(size, shot, rng), cv2.COLOR_GRAY2BGR)
    scene = cv2.multiply(scene, light, dtype=cv2.CV_8U, scale=1 / 255)
    scene = cv2.GaussianBlur(scene, (0, 0), shot.blur)
    noise = np.empty(scene.shape, np.int16)
    cv2.randn(noise, 0, 4)
    scene = cv2.add(scene, noise, dtype=cv2.CV_8U)
    ok, jpeg = cv2.imencode(".jpg", scene, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return jpeg.tobytes()


def page_corners(shot: Shot, page_size: tuple[int, int]) -> np.ndarray:
    """Where `photographed` puts the page's corners (top-left, top-right, bottom-right, bottom-left)."""
    return _page_corners(shot, page_size, np.random.default_rng(shot.seed))


def _page_corners(shot: Shot, page_size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Where the page's corners land: centred, about 80 % of the frame's height, turned and tilted."""
    width, height = shot.width, shot.height
    scale = 0.8 * min(height / page_size[1], width / page_size[0])
    half_w, half_h = page_size[0] * scale / 2, page_size[1] * scale / 2
    box = np.float32([[-half_w, -half_h], [half_w, -half_h], [half_w, half_h], [-half_w, half_h]])
    angle = np.radians(shot.rotation)
    turn = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    box = box @ turn.T
    # Perspective: the top edge is farther from the phone, so it shrinks; plus some jitter.
    box[:2, 0] *= 1 - shot.tilt
    box += rng.uniform(-shot.tilt, shot.tilt, box.shape).astype(np.float32) * np.float32([half_w, half_h]) * 0.3
    return (box + np.float32([width / 2, height / 2])).astype(np.float32)


def _table(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A brown wooden-looking table: a base colour with blurred grain (drawn small, scaled up)."""
    width, height = size
    grain = cv2.GaussianBlur(rng.normal(0, 25, (height // 4, width // 4)).astype(np.float32), (0, 0), 1.5)
    grain = cv2.resize(grain, size, interpolation=cv2.INTER_LINEAR)
    table = np.empty((height, width, 3), np.uint8)
    for channel, base in enumerate((60, 90, 130)):  # BGR brown
        table[..., channel] = cv2.add(grain, base, dtype=cv2.CV_8U)
    return table


def _lighting(size: tuple[int, int], shot: Shot, rng: np.random.Generator) -> np.ndarray:
    """A light falling off from one corner, and the soft shadow of a hand or phone across the page.

    Both vary slowly, so they are drawn at an eighth of the size and scaled up.
    """
    width, height = size[0] // 8, size[1] // 8
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 1.0 - shot.shade * 0.6 * (xs / width * 0.6 + ys / height * 0.4)
    shadow = np.zeros((height, width), np.float32)
    x0 = int(rng.uniform(0.45, 0.6) * width)
    polygon = np.int32([[x0, 0], [width, 0], [width, height], [x0 + width // 6, height]])
    cv2.fillPoly(shadow, [polygon], 1.0)
    shadow = cv2.GaussianBlur(shadow, (0, 0), width / 25)
    small = 255 * light * (1.0 - shot.shade * 0.55 * shadow)
    return cv2.resize(small.astype(np.uint8), size, interpolation=cv2.INTER_LINEAR)


def degraded(page: Image.Image, *, scale: float, blur: float, noise: float, quality: int, seed: int = 7) -> bytes:
    """A poor scan or fax of the page: low resolution, blurred, noisy, heavily compressed JPEG."""
    small = cv2.resize(np.asarray(page), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), blur)
    grain = np.empty(small.shape, np.int16)
    cv2.setRNGSeed(seed)
    cv2.randn(grain, 0, noise)
    small = cv2.add(small, grain, dtype=cv2.CV_8U)
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return jpeg.tobytes()
