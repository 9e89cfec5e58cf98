"""CSV mapping profiles saved per bank journal, and which profile an import uses.

Why per journal: two accounts at the same bank may export differently, and the
accountant who mapped a layout once should not map it again.

Resolution of ``profile`` for an import: a ``CsvProfile`` is used as given; a
name is first the journal's saved profile of that name, then a built-in one;
None lets the CSV importer detect a built-in layout from the header.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import NotFound
from asiento.importers import base as parsed
from asiento.importers import csv as csv_importer
from asiento.importers.csv_profiles import BUILTIN_PROFILES, CsvProfile, builtin_profile
from asiento.importers.detect import FORMATS
from asiento.services.access import principal as access
from asiento.store.locks import lock_scoped
from asiento.store.tables import CsvProfileRow, Journal
from asiento.store.uow import UnitOfWork


def resolve_profile(
    session: Session, company_id: int, journal_id: int, profile: str | CsvProfile | None
) -> CsvProfile | None:
    """The profile an import of ``journal_id`` reads CSV with (see module docstring)."""
    if profile is None or isinstance(profile, CsvProfile):
        return profile
    saved = session.scalar(
        select(CsvProfileRow.definition).where(
            CsvProfileRow.company_id == company_id,
            CsvProfileRow.journal_id == journal_id,
            CsvProfileRow.name == profile,
        )
    )
    if saved is not None:
        return CsvProfile.from_dict(json.loads(saved))
    return builtin_profile(profile)


@access.requires(Permission.STATEMENT_WRITE)
def save_profile(
    uow: UnitOfWork, company_id: int, journal_id: int, definition: Mapping[str, Any]
) -> CsvProfile:
    """Save (or replace) a CSV profile for a journal; validated by ``CsvProfile.from_dict``.

    Raises:
        InvalidInput: the definition is not a consistent profile.
        NotFound: no such journal in this company.
    """
    profile = CsvProfile.from_dict(definition)
    with uow:
        s = uow.session
        # the journal row serialises its profiles: two saves of a new name never both insert
        lock_scoped(s, Journal, company_id, journal_id, "journal")
        row = s.scalar(
            select(CsvProfileRow).where(
                CsvProfileRow.company_id == company_id,
                CsvProfileRow.journal_id == journal_id,
                CsvProfileRow.name == profile.name,
            )
        )
        text = json.dumps(profile.to_dict(), ensure_ascii=False)
        if row is None:
            s.add(
                CsvProfileRow(
                    company_id=company_id, journal_id=journal_id, name=profile.name, definition=text
                )
            )
        else:
            row.definition = text
        uow.commit()
    return profile


def journal_profiles(uow: UnitOfWork, company_id: int, journal_id: int) -> list[CsvProfile]:
    """The CSV profiles saved for a journal, by name."""
    with uow:
        rows = uow.session.scalars(
            select(CsvProfileRow.definition)
            .where(CsvProfileRow.company_id == company_id, CsvProfileRow.journal_id == journal_id)
            .order_by(CsvProfileRow.name)
        )
        return [CsvProfile.from_dict(json.loads(r)) for r in rows]


@dataclass(frozen=True, slots=True)
class ImportChoices:
    """What an import form offers: the file formats (in detection order) and the names
    of the built-in CSV profiles (sorted)."""

    formats: tuple[str, ...]
    profiles: tuple[str, ...]


def import_choices() -> ImportChoices:
    return ImportChoices(FORMATS, tuple(sorted(BUILTIN_PROFILES)))


@access.requires(Permission.STATEMENT_WRITE)
def delete_profile(uow: UnitOfWork, company_id: int, journal_id: int, name: str) -> None:
    """Delete a journal's saved CSV profile.

    Raises:
        NotFound: no such journal, or no profile of that name saved for it.
    """
    with uow:
        s = uow.session
        # the journal row serialises its profiles: of N deletes one finds the row
        lock_scoped(s, Journal, company_id, journal_id, "journal")
        row = s.scalar(
            select(CsvProfileRow).where(
                CsvProfileRow.company_id == company_id,
                CsvProfileRow.journal_id == journal_id,
                CsvProfileRow.name == name,
            )
        )
        if row is None:
            raise NotFound("CSV profile", name, field="name")
        s.delete(row)
        uow.commit()


@dataclass(frozen=True, slots=True)
class ProfilePreview:
    """The first lines a profile reads from a file, and what it makes of the balances."""

    profile: str
    statements: int
    lines: tuple[parsed.StatementLine, ...]
    total_lines: int
    opening_balance: Decimal | None
    closing_balance: Decimal | None


def preview_profile(
    uow: UnitOfWork,
    company_id: int,
    journal_id: int,
    content: bytes,
    profile: str | Mapping[str, Any],
    rows: int = 10,
) -> ProfilePreview:
    """Read ``content`` with a profile (a saved or built-in name, or a definition); write nothing.

    Raises:
        ImportFileError: the file cannot be read with the profile (names the line).
        InvalidInput: the definition is not a consistent profile.
    """
    definition = profile if isinstance(profile, str) else CsvProfile.from_dict(profile)
    with uow:
        chosen = resolve_profile(uow.session, company_id, journal_id, definition)
    if chosen is None:  # unreachable: a name or a definition resolves or raises
        raise NotFound("CSV profile", profile, field="profile")
    statements = csv_importer.parse(content, chosen)
    lines = [line for st in statements for line in st.lines]
    return ProfilePreview(
        profile=chosen.name,
        statements=len(statements),
        lines=tuple(lines[:rows]),
        total_lines=len(lines),
        opening_balance=statements[0].opening_balance if statements else None,
        closing_balance=statements[-1].closing_balance if statements else None,
    )
