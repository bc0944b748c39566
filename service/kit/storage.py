"""Content-addressed file store on local disk; writes are atomic so a crash never leaves half a file."""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class StoredFile:
    key: str
    sha256: str
    size_bytes: int


class FileStore:
    """Stores each file under a fresh random key: no user input in paths, no sharing between requests.

    Not sharing storage between identical uploads keeps deletion simple and safe: purging one
    request's original (retention) or cleaning up after a failed submission never touches another's.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def put(self, data: bytes) -> StoredFile:
        """Store `data` durably under a new key and return it."""
        digest = hashlib.sha256(data).hexdigest()
        key = f"{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredFile(key=key, sha256=digest, size_bytes=len(data))

    def path(self, key: str) -> Path:
        """The path of `key`, refusing anything that would escape the store."""
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"invalid storage key: {key!r}")
        return path

    def read(self, key: str) -> bytes:
        """The bytes stored under `key`."""
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        """Whether `key` is stored."""
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove `key` (no error when already gone)."""
        self.path(key).unlink(missing_ok=True)


_NEW_FILES = "passerelle_new_files"
_OLD_FILES = "passerelle_old_files"


def get_store() -> FileStore:
    """The configured file store."""
    from service.config import get_settings

    root = get_settings().storage_dir
    assert root is not None
    return FileStore(Path(root))


def put_in_transaction(session: Session, data: bytes) -> StoredFile:
    """Store `data`, deleting the file again if `session` rolls back: no orphan files."""
    store = get_store()
    stored = store.put(data)
    session.info.setdefault(_NEW_FILES, []).append((store, stored.key))
    return stored


def delete_after_commit(session: Session, key: str) -> None:
    """Delete the file `key` once `session` commits (a rollback keeps it: its row is still there)."""
    session.info.setdefault(_OLD_FILES, []).append((get_store(), key))


@event.listens_for(Session, "after_commit")
def _keep_new_files(session: Session) -> None:
    session.info.pop(_NEW_FILES, None)
    for store, key in session.info.pop(_OLD_FILES, []):
        store.delete(key)


@event.listens_for(Session, "after_rollback")
def _delete_new_files(session: Session) -> None:
    session.info.pop(_OLD_FILES, None)
    for store, key in session.info.pop(_NEW_FILES, []):
        store.delete(key)
