"""The people at a partner: add, list, remove its contacts (name, role, e-mail, phone).

Contacts are everyday work like the partner itself (``invoice.write``, as partner
changes). Every read and write names the partner's company: a partner of another
company is ``NotFound``, and so is a contact of another partner.

Invariants:
    - a contact has a name (blank refused); its e-mail and phone are checked as the
      partner's are (``identity.normal_email`` / ``normal_phone``);
    - adding and removing are audited on the partner.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, NotFound
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.reference.identity import normal_email, normal_phone
from asiento.store.query import get_scoped
from asiento.store.tables import Partner, PartnerContact
from asiento.store.uow import UnitOfWork

NAME_MAX, ROLE_MAX = 200, 100


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    partner_id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None


def _view(c: PartnerContact) -> ContactView:
    return ContactView(c.id, c.partner_id, c.name, c.role, c.email, c.phone)


def _text(value: str | None, field: str, limit: int, required: bool = False) -> str | None:
    text = " ".join((value or "").split())
    if required and not text:
        raise InvalidInput(f"{field}: a contact needs a name", field=field)
    if len(text) > limit:
        raise InvalidInput(f"{field}: at most {limit} characters", field=field)
    return text or None


@access.requires(Permission.INVOICE_WRITE)
def add_contact(
    uow: UnitOfWork,
    company_id: int,
    partner_id: int,
    name: str,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> ContactView:
    """Add a person to the partner's contacts; the input is checked before anything is written."""
    values = {
        "name": _text(name, "name", NAME_MAX, required=True),
        "role": _text(role, "role", ROLE_MAX),
        "email": normal_email(email, "email"),
        "phone": normal_phone(phone),
    }
    with uow:
        s = uow.session
        get_scoped(s, Partner, company_id, partner_id, "partner")
        contact = PartnerContact(company_id=company_id, partner_id=partner_id, **values)
        s.add(contact)
        s.flush()
        audit.record_in(s, company_id, "partner.contact_add", "partner", partner_id,
                        after={"contact": values["name"]})  # fmt: skip
        view = _view(contact)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_WRITE)
def remove_contact(uow: UnitOfWork, company_id: int, partner_id: int, contact_id: int) -> None:
    """Remove one contact of the partner (``NotFound`` if it is not one of its contacts)."""
    with uow:
        s = uow.session
        contact = s.get(PartnerContact, contact_id)
        if contact is None or (contact.company_id, contact.partner_id) != (company_id, partner_id):
            raise NotFound("contact", contact_id)
        s.delete(contact)
        audit.record_in(s, company_id, "partner.contact_remove", "partner", partner_id,
                        before={"contact": contact.name})  # fmt: skip
        uow.commit()


def list_contacts(uow: UnitOfWork, company_id: int, partner_id: int) -> list[ContactView]:
    """The partner's contacts by name."""
    with uow:
        s = uow.session
        get_scoped(s, Partner, company_id, partner_id, "partner")
        stmt = select(PartnerContact).where(
            PartnerContact.company_id == company_id, PartnerContact.partner_id == partner_id
        )
        return [_view(c) for c in s.scalars(stmt.order_by(PartnerContact.name, PartnerContact.id))]
