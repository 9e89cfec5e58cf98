"""The unit of work: one transaction per use case (cosmicpython).

``with uow: ...; uow.commit()`` — leaving the block without committing rolls
back, so a service that raises half-way leaves the database unchanged.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from asiento.store.session import make_engine, make_session_factory


class UnitOfWork:
    """A session opened on ``__enter__``, rolled back and closed on ``__exit__``."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self._session: Session | None = None

    @classmethod
    def from_engine(cls, engine: Engine) -> UnitOfWork:
        return cls(make_session_factory(engine))

    @classmethod
    def from_url(cls, url: str | None = None) -> UnitOfWork:
        return cls.from_engine(make_engine(url))

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self._session

    @property
    def dialect(self) -> str:
        bind = self._factory.kw.get("bind")
        return str(bind.dialect.name) if bind is not None else "sqlite"

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("unit of work is not re-entrant")
        self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def flush(self) -> None:
        self.session.flush()
