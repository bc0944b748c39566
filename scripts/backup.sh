#!/usr/bin/env bash
# Back up a Passerelle deployment: the database (SQLite online backup or pg_dump) and the file store.
#
#   scripts/backup.sh [DEST_DIR]          (default: $PASSERELLE_VAR_DIR/backups, i.e. var/backups)
#
# Reads the same settings as the service: PASSERELLE_DATABASE_URL, PASSERELLE_STORAGE_DIR,
# PASSERELLE_VAR_DIR (and a .env file in the current directory, if any). Safe while the service runs:
# SQLite's online backup and pg_dump both take a consistent snapshot. Writes
#   DEST_DIR/passerelle-<UTC timestamp>/{database.sqlite3|database.dump, storage.tar.gz, MANIFEST, SHA256SUMS}
# and prints that folder. Files written after the database snapshot may be in the archive without a row
# pointing at them; restore leaves such orphans harmless.
set -euo pipefail

if [[ -f .env ]]; then set -a; source .env; set +a; fi
VAR_DIR="${PASSERELLE_VAR_DIR:-var}"
DB_URL="${PASSERELLE_DATABASE_URL:-sqlite:///${VAR_DIR}/passerelle.db}"
STORAGE_DIR="${PASSERELLE_STORAGE_DIR:-${VAR_DIR}/storage}"
DEST_ROOT="${1:-${VAR_DIR}/backups}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
DEST="${DEST_ROOT}/passerelle-${STAMP}"

umask 077  # backups hold personal data: readable by the service account only
mkdir -p "$DEST"

case "$DB_URL" in
  sqlite:*)
    DB_FILE="${DB_URL#sqlite:///}"
    [[ -f "$DB_FILE" ]] || { echo "backup: no SQLite database at $DB_FILE" >&2; exit 2; }
    sqlite3 "$DB_FILE" ".timeout 30000" ".backup '$DEST/database.sqlite3'"
    KIND=sqlite
    ;;
  postgresql*)
    # pg_dump wants a libpq URL: drop SQLAlchemy's driver suffix (postgresql+psycopg://).
    PG_URL="postgresql://${DB_URL#*://}"
    pg_dump --format=custom --no-owner --file="$DEST/database.dump" "$PG_URL"
    KIND=postgresql
    ;;
  *) echo "backup: unsupported database URL scheme in PASSERELLE_DATABASE_URL" >&2; exit 2 ;;
esac

mkdir -p "$STORAGE_DIR"
tar -czf "$DEST/storage.tar.gz" -C "$STORAGE_DIR" .

{
  echo "created_at=$STAMP"
  echo "database=$KIND"
  echo "storage_files=$(find "$STORAGE_DIR" -type f ! -name '.upload-*' | wc -l)"
} > "$DEST/MANIFEST"
(cd "$DEST" && sha256sum database.* storage.tar.gz MANIFEST > SHA256SUMS)
echo "$DEST"
