"""The secret each project set for its callbacks: the `callback_config` table."""

from __future__ import annotations

from ...db import Database

#: This resource's table (what a reset empties).
TABLES = ("callback_config",)


class CallbackConfiguration:
    def __init__(self, db: Database, default_secret: str) -> None:
        self.db = db
        self.default_secret = default_secret

    def own_secret(self, project: str) -> str | None:
        """The secret set for the project's callbacks (None: the sandbox's default)."""
        found = self.db.query_one(
            "SELECT secret FROM callback_config WHERE project = ?", (project,)
        )
        return str(found[0]) if found else None

    def secret(self, project: str) -> str:
        """The secret that signs the project's callbacks: its own once set, else the
        sandbox's."""
        return self.own_secret(project) or self.default_secret

    def set_secret(self, project: str, secret: str) -> None:
        with self.db.transaction() as db:
            db.execute(
                "INSERT INTO callback_config (project, secret) VALUES (?, ?) "
                "ON CONFLICT (project) DO UPDATE SET secret = excluded.secret",
                (project, secret),
            )
