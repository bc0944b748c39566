"""Backup and restore, done once end to end on a SQLite deployment: a request and its file come back."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from service.config import REPO_ROOT
from service.db.migrate import upgrade
from service.kit.storage import FileStore
from service.models import Caisse, Document, TranslationRequest
from service.models.enums import DocumentRole, RequestStatus

CONTENT = b"Geburtsurkunde: Anna Beispiel, geboren am 4. Mai 1981 in Leipzig.\n"


def _script(name: str, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPO_ROOT / "scripts" / name), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def deployment(tmp_path: Path) -> dict[str, str]:
    """The settings of a separate SQLite deployment with its own file store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSERELLE_")}
    env.update(
        PASSERELLE_VAR_DIR=str(tmp_path / "var"),
        PASSERELLE_DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'passerelle.db'}",
        PASSERELLE_STORAGE_DIR=str(tmp_path / "var" / "storage"),
    )
    (tmp_path / "var").mkdir()
    upgrade(env["PASSERELLE_DATABASE_URL"])
    return env


def _seed(url: str, store: FileStore) -> tuple[str, str]:
    engine = create_engine(url)
    stored = store.put(CONTENT)
    with Session(engine) as session:
        caisse = Caisse(code="CPAM75", name="CPAM de Paris", kind="CPAM", callback_secret="s")
        session.add(caisse)
        session.flush()
        request = TranslationRequest(
            reference="TR-2026-000001",
            caisse_id=caisse.id,
            source_lang="de",
            target_lang="fr",
            received_on=date(2026, 11, 2),
            due_on=date(2026, 11, 2) + timedelta(days=21),
            status=RequestStatus.RECEIVED,
            warnings=[],
        )
        session.add(request)
        session.flush()
        session.add(
            Document(
                request_id=request.id,
                role=DocumentRole.ORIGINAL,
                storage_key=stored.key,
                sha256=stored.sha256,
                size_bytes=stored.size_bytes,
                mime_type="text/plain",
                original_name="urkunde.txt",
            )
        )
        session.commit()
    engine.dispose()
    return "TR-2026-000001", stored.key


class TestBackupAndRestore:
    def test_a_wiped_deployment_gets_its_request_and_file_back(
        self, deployment: dict[str, str], tmp_path: Path
    ) -> None:
        url, storage = deployment["PASSERELLE_DATABASE_URL"], Path(deployment["PASSERELLE_STORAGE_DIR"])
        reference, key = _seed(url, FileStore(storage))

        backup = _script("backup.sh", str(tmp_path / "backups"), env=deployment, cwd=tmp_path)
        assert backup.returncode == 0, backup.stderr
        folder = Path(backup.stdout.strip().splitlines()[-1])
        assert folder.name.startswith("passerelle-") and (folder / "SHA256SUMS").is_file()

        shutil.rmtree(tmp_path / "var")  # the disaster
        restore = _script("restore.sh", str(folder), env=deployment, cwd=tmp_path)
        assert restore.returncode == 0, restore.stderr

        engine = create_engine(url)
        with Session(engine) as session:
            request = session.scalar(
                select(TranslationRequest).where(TranslationRequest.reference == reference)
            )
            assert request is not None and request.status == RequestStatus.RECEIVED
            doc = session.scalar(select(Document).where(Document.request_id == request.id))
            assert doc.storage_key == key
        engine.dispose()
        assert FileStore(storage).read(key) == CONTENT

    def test_restore_refuses_to_overwrite_live_data_without_force(
        self, deployment: dict[str, str], tmp_path: Path
    ) -> None:
        _seed(deployment["PASSERELLE_DATABASE_URL"], FileStore(Path(deployment["PASSERELLE_STORAGE_DIR"])))
        folder = _script("backup.sh", str(tmp_path / "b"), env=deployment, cwd=tmp_path).stdout.strip()
        refused = _script("restore.sh", folder, env=deployment, cwd=tmp_path)
        assert refused.returncode == 4 and "--force" in refused.stderr
        assert _script("restore.sh", folder, "--force", env=deployment, cwd=tmp_path).returncode == 0

    def test_a_damaged_backup_is_refused(self, deployment: dict[str, str], tmp_path: Path) -> None:
        _seed(deployment["PASSERELLE_DATABASE_URL"], FileStore(Path(deployment["PASSERELLE_STORAGE_DIR"])))
        folder = Path(_script("backup.sh", str(tmp_path / "b"), env=deployment, cwd=tmp_path).stdout.strip())
        with (folder / "storage.tar.gz").open("ab") as handle:
            handle.write(b"corruption")
        refused = _script("restore.sh", str(folder), "--force", env=deployment, cwd=tmp_path)
        assert refused.returncode == 3 and "damaged" in refused.stderr
