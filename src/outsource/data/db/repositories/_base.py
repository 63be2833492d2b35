"""What every repository shares: the session, flushing with conflicts translated."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from outsource.errors import Conflict, InvalidInput


class Repository:
    """Base of the repositories: holds the caller's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def flush(self, what: str = "record", field: str | None = None) -> None:
        """Flush pending changes; a constraint the database refuses becomes an error.

        A unique constraint is :class:`Conflict` (``field`` names it); any other
        integrity error (check, foreign key, not null) is :class:`InvalidInput`.
        The transaction is then unusable: the caller's block raises and rolls back.
        """
        try:
            self.session.flush()
        except IntegrityError as exc:
            text = str(exc.orig).lower()
            if "unique" in text or "duplicate" in text:
                raise Conflict(f"{what} already exists", field=field) from None
            reason = str(exc.orig).strip().splitlines()[0]
            raise InvalidInput(f"the database refused the {what}: {reason}",
                               field=field) from None
