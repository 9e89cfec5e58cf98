"""CSV import profiles of a bank journal in the browser: list, create, edit, delete, preview.

The pages call ``services.bank.statement_profiles`` as the API and CLI do; a
profile is validated by ``CsvProfile.from_dict`` whatever its source. The
form holds the settings most exports need (encoding, separators, date
formats, rows to skip, one signed amount column or debit and credit columns,
and where date, value date, currency, counterparty, IBAN, reference and text
sit); anything else a saved profile carries (preamble cells, record types
...) is kept as it is when the form saves it again.

Column fields take header names, several separated by ``|`` (texts are
joined); a headerless file's columns are numbers from 0. Preview reads an
uploaded file with the form's profile, saved or not, and writes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from asiento.domain.errors import AsientoError, InvalidInput, NotFound
from asiento.http.deps import UowDep
from asiento.http.uploads import read_upload
from asiento.importers.csv_profiles import BUILTIN_PROFILES, CsvProfile
from asiento.services.bank import statement_profiles
from asiento.services.bank.statement_overview import BankJournal, bank_journals
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.templating import render

router = APIRouter()
COLUMNS: Final = (
    "date", "value_date", "amount", "debit", "credit", "currency", "counterparty_name",
    "counterparty_iban", "reference", "communication",
)  # fmt: skip
SETTINGS: Final = ("name", "encoding", "delimiter", "decimal_separator", "thousands_separator",
                   "date_formats", "skip_rows", "currency")  # fmt: skip
FLAGS: Final = ("has_header", "invert_sign")
FIELD: Final = {"currency": "currency_column"}
"""Form field of a column whose name is also a setting (the profile's currency)."""
BLANK: Final = {"encoding": "utf-8-sig", "delimiter": ",", "decimal_separator": ".",
                "date_formats": "%Y-%m-%d", "skip_rows": "0", "has_header": "1"}  # fmt: skip


def _journal(
    uow: UowDep, company_id: int, journal_id: int
) -> tuple[BankJournal, list[BankJournal]]:
    """The company's bank journal ``journal_id`` (else 404) and all of them."""
    journals = bank_journals(uow, company_id)
    for journal in journals:
        if journal.id == journal_id:
            return journal, journals
    raise NotFound("bank journal", journal_id)


def _saved(uow: UowDep, company_id: int, journal_id: int, name: str) -> CsvProfile:
    for profile in statement_profiles.journal_profiles(uow, company_id, journal_id):
        if profile.name == name:
            return profile
    raise NotFound("CSV profile", name)


def form_of(profile: CsvProfile) -> dict[str, str]:
    """A profile as the form's text fields."""
    data = profile.to_dict()
    form = {key: "" if data.get(key) is None else str(data[key]) for key in SETTINGS}
    form["date_formats"] = "|".join(profile.date_formats)
    for key in COLUMNS:
        form[FIELD.get(key, key)] = "|".join(str(ref) for ref in getattr(profile.columns, key))
    for key in FLAGS:
        form[key] = "1" if getattr(profile, key) else ""
    return form


def definition_of(form: dict[str, str], base: CsvProfile | None) -> dict[str, Any]:
    """The form over ``base``'s definition (its other settings kept), for ``from_dict``."""
    data: dict[str, Any] = base.to_dict() if base else {"columns": {}}
    headerless = not form.get("has_header")
    columns = dict(data.get("columns") or {})
    for key in COLUMNS:
        refs = [ref.strip() for ref in form.get(FIELD.get(key, key), "").split("|") if ref.strip()]
        columns[key] = [int(r) if headerless and r.isdigit() else r for r in refs]
    skip = form.get("skip_rows", "").strip() or "0"
    if not skip.isdigit():
        raise InvalidInput(f"skip_rows: {skip!r} is not a whole number", field="skip_rows")
    formats = [f.strip() for f in form.get("date_formats", "").split("|") if f.strip()]
    data.update(
        name=form.get("name", "").strip(), columns=columns,
        encoding=form.get("encoding", "").strip(),
        delimiter="\t" if form.get("delimiter") == "tab" else form.get("delimiter", ""),
        decimal_separator=form.get("decimal_separator", ""),
        thousands_separator=form.get("thousands_separator", ""), date_formats=formats,
        skip_rows=int(skip), currency=form.get("currency", "").strip().upper() or None,
        has_header=not headerless, invert_sign=bool(form.get("invert_sign")),
    )  # fmt: skip
    return data


def _form_page(
    request: Request, uow: UowDep, company_id: int, journal_id: int, form: dict[str, str], *,
    editing: str = "", status_code: int = 200, error: str = "", preview: object = None,
) -> Response:  # fmt: skip
    journal, _ = _journal(uow, company_id, journal_id)
    return render(
        request, "bank/profile_form.html", status_code=status_code, journal=journal, form=form,
        editing=editing, error=error, preview=preview,
    )  # fmt: skip


@router.get("/csv-profiles")
def profiles_page(
    request: Request, uow: UowDep, principal: PagePrincipal, journal_id: int | None = None
) -> Response:
    """The journal's saved profiles (first bank journal when none is chosen), and the built-ins."""
    journals = bank_journals(uow, principal.company_id)
    if journal_id is None and journals:
        journal_id = journals[0].id
    journal = _journal(uow, principal.company_id, journal_id)[0] if journal_id else None
    saved = (
        statement_profiles.journal_profiles(uow, principal.company_id, journal.id)
        if journal
        else []
    )
    return render(
        request, "bank/profiles.html", journals=journals, journal=journal, saved=saved,
        builtin=sorted(BUILTIN_PROFILES),
    )  # fmt: skip


@router.get("/csv-profiles/{journal_id}/new")
def new_profile(
    request: Request, journal_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    return _form_page(request, uow, principal.company_id, journal_id, dict(BLANK))


@router.get("/csv-profiles/{journal_id}/{name}/edit")
def edit_profile(
    request: Request, journal_id: int, name: str, uow: UowDep, principal: PagePrincipal
) -> Response:
    _journal(uow, principal.company_id, journal_id)
    profile = _saved(uow, principal.company_id, journal_id, name)
    return _form_page(
        request, uow, principal.company_id, journal_id, form_of(profile), editing=name
    )


async def _form(request: Request) -> dict[str, str]:
    """The profile form's fields as text (absent ones empty)."""
    data = await request.form()
    keys = (*SETTINGS, *(FIELD.get(k, k) for k in COLUMNS), *FLAGS, "editing")
    return {key: str(data.get(key) or "") for key in keys}


ProfileForm = Annotated[dict[str, str], Depends(_form)]


@router.post("/csv-profiles/{journal_id}/save", dependencies=[Csrf])
def save(
    request: Request, journal_id: int, uow: UowDep, principal: PagePrincipal, form: ProfileForm
) -> Response:
    """Create a profile, or replace the one being edited (its other settings kept)."""
    editing, cid = form["editing"], principal.company_id
    try:
        _journal(uow, cid, journal_id)
        base = _saved(uow, cid, journal_id, editing) if editing else None
        if editing and form["name"].strip() != editing:
            raise InvalidInput("a saved profile keeps its name; create a new one to rename it",
                               field="name")  # fmt: skip
        statement_profiles.save_profile(uow, cid, journal_id, definition_of(form, base))
    except AsientoError as exc:
        if isinstance(exc, NotFound):
            raise
        return _form_page(request, uow, cid, journal_id, form, editing=editing,
                          status_code=exc.status, error=exc.message)  # fmt: skip
    response = RedirectResponse(f"/csv-profiles?journal_id={journal_id}", status_code=303)
    session.flash(response, gettext("CSV profile saved."))
    return response


@router.post("/csv-profiles/{journal_id}/{name}/delete", dependencies=[Csrf])
def delete(journal_id: int, name: str, uow: UowDep, principal: PagePrincipal) -> Response:
    _journal(uow, principal.company_id, journal_id)
    statement_profiles.delete_profile(uow, principal.company_id, journal_id, name)
    response = RedirectResponse(f"/csv-profiles?journal_id={journal_id}", status_code=303)
    session.flash(response, gettext("CSV profile deleted."))
    return response


@router.post("/csv-profiles/{journal_id}/preview", dependencies=[Csrf])
def preview(
    request: Request,
    journal_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    file: Annotated[UploadFile, File()],
    form: ProfileForm,
) -> Response:
    """The first lines the form's profile reads from the uploaded file; nothing is saved."""
    cid = principal.company_id
    try:
        _journal(uow, cid, journal_id)
        base = _saved(uow, cid, journal_id, form["editing"]) if form["editing"] else None
        result = statement_profiles.preview_profile(
            uow, cid, journal_id, read_upload(file), definition_of(form, base)
        )
    except AsientoError as exc:
        if isinstance(exc, NotFound):
            raise
        return _form_page(request, uow, cid, journal_id, form, editing=form["editing"],
                          status_code=exc.status, error=exc.message)  # fmt: skip
    return _form_page(request, uow, cid, journal_id, form, editing=form["editing"], preview=result)
