"""Follow-ups (customer reminders): levels, history, disputed items, partners on hold.

Disputes and holds live in their own tables rather than as columns: journal
items of posted entries are immutable except their reconciliation columns, and
marking an item disputed is not a ledger fact.

History keeps one row per partner, level and channel (``email``, ``letter``,
``call``) with the reminder's lines as a JSON snapshot, so a letter can be
re-rendered later and the "never the same level twice" rule can be checked
against the items that were overdue when the reminder went out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk, created_at_column


class FollowupLevel(CompanyScoped, Base):
    """A reminder step: reached when the oldest overdue item is ``days`` past due."""

    __tablename__ = "followup_levels"
    __table_args__ = (
        UniqueConstraint("company_id", "sequence"),
        UniqueConstraint("company_id", "days"),
    )

    sequence: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    days: Mapped[int] = mapped_column(Integer)
    send_email: Mapped[bool] = mapped_column(Boolean, default=False)
    send_letter: Mapped[bool] = mapped_column(Boolean, default=False)
    manual_call: Mapped[bool] = mapped_column(Boolean, default=False)
    email_subject: Mapped[str] = mapped_column(String(200), default="")
    email_body: Mapped[str] = mapped_column(Text, default="")


class FollowupHistory(CompanyScoped, Base):
    """One channel of one reminder: ``status`` is ``sent``, ``error`` or ``todo`` (calls)."""

    __tablename__ = "followup_history"
    __table_args__ = (
        company_fk("partner_id", "partners"),
        company_fk("level_id", "followup_levels"),
    )

    partner_id: Mapped[int] = mapped_column(IdType, index=True)
    level_id: Mapped[int | None] = mapped_column(IdType)
    level_name: Mapped[str] = mapped_column(String(100))
    level_days: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    error: Mapped[str] = mapped_column(Text, default="")
    currency: Mapped[str] = mapped_column(String(3))
    total_due: Mapped[int] = mapped_column(BigInteger, default=0)
    total_overdue: Mapped[int] = mapped_column(BigInteger, default=0)
    lines: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[dt.datetime] = created_at_column()


class FollowupDispute(CompanyScoped, Base):
    """A receivable item the customer contests: left out of every reminder."""

    __tablename__ = "followup_disputes"
    __table_args__ = (
        UniqueConstraint("company_id", "item_id"),
        company_fk("item_id", "journal_items", ondelete="CASCADE"),
    )

    item_id: Mapped[int] = mapped_column(IdType)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class FollowupHold(CompanyScoped, Base):
    """A partner on hold: follow-up runs skip it until the hold is released."""

    __tablename__ = "followup_holds"
    __table_args__ = (
        UniqueConstraint("company_id", "partner_id"),
        company_fk("partner_id", "partners"),
    )

    partner_id: Mapped[int] = mapped_column(IdType)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = created_at_column()


__all__ = ["FollowupDispute", "FollowupHistory", "FollowupHold", "FollowupLevel"]
