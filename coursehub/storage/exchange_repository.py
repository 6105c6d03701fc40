"""The exchange state: per course key, the fingerprint both offices last agreed on."""

from __future__ import annotations

from coursehub.domain.text import fold
from coursehub.storage.repository import Repository


class ExchangeStateRepository(Repository):
    def get(self, provider: str, code: str) -> str | None:
        row = self.conn.execute(
            "SELECT fingerprint FROM exchange_state WHERE provider_key = ? AND code = ?",
            (fold(provider), code.strip()),
        ).fetchone()
        return str(row[0]) if row else None

    def all(self) -> dict[tuple[str, str], str]:
        """Fingerprints by (folded provider, code)."""
        rows = self.conn.execute("SELECT provider_key, code, fingerprint FROM exchange_state")
        return {(p, c): f for p, c, f in rows}

    def set(self, provider: str, code: str, fingerprint: str) -> None:
        self.conn.execute(
            "INSERT INTO exchange_state (provider_key, code, fingerprint) VALUES (?, ?, ?) "
            "ON CONFLICT (provider_key, code) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "exchanged_at = strftime('%Y-%m-%dT%H:%M:%S', 'now')",
            (fold(provider), code.strip(), fingerprint),
        )

    def set_if_absent(self, provider: str, code: str, fingerprint: str) -> None:
        self.conn.execute(
            "INSERT INTO exchange_state (provider_key, code, fingerprint) VALUES (?, ?, ?) "
            "ON CONFLICT (provider_key, code) DO NOTHING",
            (fold(provider), code.strip(), fingerprint),
        )
