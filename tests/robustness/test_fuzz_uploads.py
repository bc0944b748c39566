"""Property-based fuzzing of what an upload goes through: sniffing, intake checks, the endpoint, OCR.

Inputs are valid small files mutated (truncated, bit-flipped, spliced) and random bytes behind a
valid magic number. The only acceptable outcomes: a result, or the library's/service's own clear
error (OcrError / ServiceError with a code and a message) within the time limit.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.errors import ServiceError
from service.kit.sniff import ACCEPTED, extension_matches, sniff_mime
from service.translation_request import intake
from tests.robustness.corpus import MAGICS, samples

RUNS = int(os.environ.get("PASSERELLE_FUZZ_EXAMPLES", "40"))
ITERATIONS: Counter[str] = Counter()
FUZZ = settings(max_examples=RUNS, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    sys.stderr.write(f"\nfuzzing iterations: {dict(ITERATIONS)} total {sum(ITERATIONS.values())}\n")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid sample truncated, bit-flipped, spliced with junk, or junk behind a real magic number."""
    kind = draw(st.sampled_from(["truncate", "flip", "splice", "magic"]))
    if kind == "magic":
        return draw(st.sampled_from(MAGICS)) + draw(st.binary(max_size=2048))
    data = bytearray(samples()[draw(st.sampled_from(sorted(samples())))])
    if kind == "truncate":
        return bytes(data[: draw(st.integers(1, len(data) - 1))])
    if kind == "flip":
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] ^= 1 << draw(st.integers(0, 7))
        return bytes(data)
    at = draw(st.integers(0, len(data)))
    return bytes(data[:at]) + draw(st.binary(min_size=1, max_size=256)) + bytes(data[at:])


@pytest.mark.timeout(120)
class TestSniffing:
    @FUZZ
    @given(data=st.one_of(st.binary(max_size=4096), mutated()), name=st.text(max_size=60))
    def test_sniffing_answers_an_accepted_type_or_none_and_never_raises(self, data: bytes, name: str) -> None:
        ITERATIONS["sniff"] += 1
        mime = sniff_mime(data)
        assert mime is None or mime in ACCEPTED
        assert isinstance(extension_matches(name, mime or "application/pdf"), bool)


@pytest.mark.timeout(120)
class TestIntakeValidation:
    @FUZZ
    @given(
        data=st.one_of(st.binary(max_size=2048), mutated()),
        name=st.text(max_size=300),
        source=st.sampled_from(["de", "fr", "xx", "", "DE ", "en"]),
        doc_type=st.text(max_size=20),
        callback=st.one_of(st.none(), st.text(max_size=80)),
        reference=st.one_of(st.none(), st.text(max_size=200)),
    )
    def test_a_submission_is_accepted_or_refused_with_a_clear_error(
        self, data: bytes, name: str, source: str, doc_type: str, callback: str | None, reference: str | None
    ) -> None:
        ITERATIONS["intake"] += 1
        try:
            submission = intake.validate(
                data=data,
                filename=name,
                source_lang=source,
                target_lang="fr",
                document_type=doc_type,
                channel=None,
                urgency=None,
                external_reference=reference,
                callback_url=callback,
                max_bytes=4096,
            )
        except ServiceError as exc:
            assert 400 <= exc.status_code < 500 and exc.code and exc.detail
            return
        assert submission.mime_type in ACCEPTED
        assert "/" not in submission.filename and "\\" not in submission.filename
        assert len(submission.filename) <= 255


@pytest.mark.timeout(240)
class TestOcrExtract:
    @settings(max_examples=RUNS, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(data=mutated())
    def test_a_damaged_file_gives_text_or_a_clear_ocr_error(self, data: bytes) -> None:
        import ocr

        ITERATIONS["ocr.extract"] += 1
        try:
            document = ocr.extract(
                data, ocr.ExtractOptions(language="fr", dpi=100, max_pages=5, max_image_pixels=4_000_000)
            )
        except ocr.OcrError as exc:
            assert exc.code and str(exc), f"{type(exc).__name__} without a code or message"
            return
        assert isinstance(document, ocr.ExtractedDocument)
        assert all(isinstance(p.text, str) for p in document.pages)

    def test_the_valid_samples_are_read(self) -> None:
        import ocr

        text = ocr.extract(samples()["pdf"], ocr.ExtractOptions(language="fr")).pages[0].text
        assert "Attestation" in text


@pytest.mark.timeout(240)
class TestUploadEndpoint:
    @settings(
        max_examples=max(RUNS // 4, 5),
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        data=st.one_of(mutated(), st.binary(min_size=1, max_size=1024)),
        name=st.sampled_from(
            [
                "scan.pdf",
                "photo.png",
                "photo.jpg",
                "page.tif",
                "lettre.docx",
                "note.txt",
                "document",
                "../../x.pdf",
            ]
        ),
    )
    def test_any_upload_is_stored_or_refused_and_never_breaks_the_service(
        self, api, data: bytes, name: str
    ) -> None:
        ITERATIONS["POST /api/requests"] += 1
        client, headers = api
        response = client.post(
            "/api/requests",
            headers=headers,
            files={"file": (name, data, "application/pdf")},
            data={"source_lang": "de", "target_lang": "fr", "document_type": "other"},
        )
        assert response.status_code in (201, 413, 415, 422), response.text
        if response.status_code == 201:
            status = client.get(f"/api/requests/{response.json()['id']}", headers=headers).json()
            # Extraction ran (eagerly) or is queued; a failure must carry a code people can act on.
            assert status["status"] != "failed" or status["failure_code"]
        else:
            assert response.json()["code"]


@pytest.fixture
def api(db):  # type: ignore[no-untyped-def]
    """An in-process client and a submitter's headers (500s surface as answers, not exceptions)."""
    from fastapi.testclient import TestClient

    from service.main import create_app
    from service.models.enums import Role
    from tests.factories import headers_for, make_caisse, make_user

    user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client, headers_for(db, user)
