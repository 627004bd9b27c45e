"""One class per printed document kind.

A kind says, once, what its document prints (the HTML parts), the snapshot
of figures it printed, how to fingerprint the data behind it (so the archive
can tell "the data changed since this was printed" and show what changed),
its title and its file name. The renderer, the run page and the archive all
ask the kind of a run; none of them knows the kinds.

Kinds that print other apps' data (a meeting's invitation, minutes and
packet) live in those apps and register here when Django starts, so the
pipeline never depends on them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from django.utils.text import slugify

from kit.text import fold
from programmes.models import PolicyDocument
from reports import documents
from reports.models import ReportRun
from reports.profiles import PROFILES, date_line, number_line


def profile_of(meta: dict | None):
    """The document format a run was printed in (Party by default)."""
    return PROFILES.get((meta or {}).get("profile"), PROFILES["party"])


def letterhead(meta: dict, *, doc_type: str | None = None) -> dict:
    """The header and the signature context of every printed document, from
    the details stored with its run: the profile, the number line, the date
    line and the authority line. The only place that builds them."""
    profile = profile_of(meta)
    day = dt.date.fromisoformat(meta["date"])
    number = number_line(
        profile,
        number=meta.get("number", ""),
        doc_type=doc_type or meta.get("doc_type", "BC"),
        symbol=meta.get("symbol", ""),
    )
    return {
        "meta": {**meta, "authority": meta.get("authority") or f"{profile.collective} BAN CHỈ ĐẠO"},
        "profile": profile,
        "day": day,
        "number": number,
        "number_ref": number.replace("Số", "số", 1),
        "date_line": date_line(meta.get("place", ""), day),
        "part": "main",
    }


def issued_number_line(run: ReportRun) -> str:
    """ "Số 16-BC/BCĐ" (or "Số: 16/BC-BCĐ") as the register gave it, for an
    issued document; empty before issue."""
    if run.issued_number is None:
        return ""
    meta = run.document_meta or {}
    return number_line(
        profile_of(meta),
        number=str(run.issued_number),
        doc_type=meta.get("doc_type") or "BC",
        symbol=meta.get("symbol", ""),
    )


@dataclass(frozen=True)
class Content:
    """What one run prints: HTML documents merged into one PDF (each numbers
    its own pages), with the figures printed and the fingerprint of the data."""

    parts: list[str]
    snapshot: dict
    fingerprint: str


class Change(NamedTuple):
    what: str
    printed: object
    now: object


class DocumentKind:
    code: ClassVar[str]
    doc_type: ClassVar[str] = "BC"
    # Snapshots carry this version; a run printed before its kind had one
    # cannot be compared, and is never marked changed.
    snapshot_version: ClassVar[int | None] = 2
    # The subject chosen on the request form, if the kind needs one.
    subject_field: ClassVar[str | None] = None
    # What a list of runs selects with them, so asking each run's kind for
    # its title costs no query per run.
    related: ClassVar[tuple[str, ...]] = ()

    @property
    def label(self) -> str:
        return str(ReportRun.Kind(self.code).label)

    def title(self, run: ReportRun) -> str:
        return f"{self.label} {run.programme.year}"

    def file_name(self, run: ReportRun) -> str:
        # Folded first: slugify would drop đ ("giai-oan" for "giai đoạn").
        # Short enough for the file field (100 characters with its folder).
        words = slugify(fold(self.title(run)).replace("–", "-"))[:50].rstrip("-")
        return f"{words}-{run.pk}.pdf"

    def download_name(self, run: ReportRun, ext: str = "pdf") -> str:
        """The name a clerk files the download under: what the document is,
        then its number ("bao-cao-tong-ket-nam-2022-so-15.pdf"; the register's
        once issued) or, without one, its date ("…-ngay-05-01-2023.pdf")."""
        words = slugify(fold(self.title(run)).replace("–", "-"))[:80].rstrip("-")
        meta = run.document_meta or {}
        number = slugify(fold(str(run.issued_number or meta.get("number") or "")))[:12]
        if number:
            return f"{words}-so-{number}.{ext}"
        try:
            day = dt.date.fromisoformat(meta.get("date", ""))
        except (TypeError, ValueError):
            return f"{words}-{run.pk}.{ext}"
        return f"{words}-ngay-{day:%d-%m-%Y}.{ext}"

    def content(self, run: ReportRun) -> Content:
        raise NotImplementedError

    def fingerprint(self, run: ReportRun) -> str:
        raise NotImplementedError

    def snapshot(self, run: ReportRun) -> dict:
        raise NotImplementedError

    def changes(self, printed: dict, now: dict) -> list[Change]:
        """Every labelled figure that differs (flat snapshots)."""
        return [
            Change(key, printed.get(key), now.get(key))
            for key in sorted(set(printed) | set(now))
            if key != "v" and printed.get(key) != now.get(key)
        ]

    def comparable(self, run: ReportRun) -> bool:
        if run.status != ReportRun.Status.DONE or not run.data_fingerprint:
            return False
        return self.snapshot_version is None or run.figures_snapshot.get("v") == self.snapshot_version

    def is_stale(self, run: ReportRun, *, fingerprints: dict | None = None) -> bool:
        """Has the data behind the run changed since it was printed?
        `fingerprints` memoises the current fingerprint per cache key, so a
        list of runs computes each once."""
        if not self.comparable(run):
            return False
        key = self.cache_key(run)
        if fingerprints is None:
            fingerprints = {}
        if key not in fingerprints:
            fingerprints[key] = self.fingerprint(run)
        return fingerprints[key] != run.data_fingerprint

    def cache_key(self, run: ReportRun) -> tuple:
        return (self.code, run.pk)

    def what_changed(self, run: ReportRun) -> list[Change]:
        return self.changes(run.figures_snapshot, self.snapshot(run))

    def shared_with(self, run: ReportRun, access) -> bool:
        """May someone without the right to download reports still read this
        one (a notice sent to their unit)?"""
        return False

    # The subject of the document (a meeting, a policy document).
    def attach(self, run: ReportRun, subject) -> None:
        """Links the new run to its subject, in the request's transaction."""

    # A long register of activities printed after the document, in chunks.
    def register_chunks(self, run: ReportRun) -> int:
        return 0

    def register_parts(self, run: ReportRun) -> list[str]:
        """The register's HTML chunks, all made at once with the document."""
        return []


KINDS: dict[str, DocumentKind] = {}


def register(cls: type[DocumentKind]) -> type[DocumentKind]:
    KINDS[cls.code] = cls()
    return cls


def kind_of(run_or_code: ReportRun | str) -> DocumentKind:
    code = run_or_code if isinstance(run_or_code, str) else run_or_code.kind
    return KINDS[code]


def related() -> list[str]:
    """The select_related paths every kind asks for."""
    return sorted({path for kind in KINDS.values() for path in kind.related})


class Addition(NamedTuple):
    """What another app adds to the review of a year or of a period: lines
    of the report's first section, annexes after the report's own (each a
    title and a function of its annex number that gives its HTML), and the
    labelled figures it printed, so a change to them shows on the run page."""

    lines: list[str]
    annexes: list[tuple[str, Callable[[int], str]]]
    state: dict


# Functions (run, letterhead, period or None) -> Addition, registered by the
# apps that add to the review when Django starts (the emulation register).
REVIEW_ADDITIONS: list[Callable] = []


def add_to_review(function: Callable) -> Callable:
    REVIEW_ADDITIONS.append(function)
    return function


def additions(run: ReportRun, base: dict, period=None) -> list[Addition]:
    return [add(run, base, period) for add in REVIEW_ADDITIONS]


def additions_state(found: list[Addition]) -> dict:
    return {key: value for a in found for key, value in a.state.items()}


def with_additions(fingerprint: str, state: dict) -> str:
    """The fingerprint of the activities, and of what the additions printed
    when they printed anything (so a review printed before the additions,
    or with none, keeps its fingerprint)."""
    return documents.digest([fingerprint, state]) if state else fingerprint


@register
class YearlyReview(DocumentKind):
    """The yearly review report with its annexes and, optionally, the
    register of every confirmed activity."""

    code = ReportRun.Kind.YEARLY_REVIEW
    # Snapshots of this kind have kept one shape since the first version.
    snapshot_version = None

    def review_period(self, run: ReportRun):
        return None

    def _figures(self, run: ReportRun):
        return documents.yearly_review_figures(run.programme)

    def content(self, run: ReportRun) -> Content:
        figs, previous = self._figures(run)
        base = letterhead(run.document_meta)
        period = self.review_period(run)
        found = additions(run, base, period)
        html = documents.yearly_review_html(run, figs, base, period=period, additions=found)
        state = additions_state(found)
        fingerprint = with_additions(self._fingerprint(run, previous), state)
        return Content(html, self._snapshot(figs, state), fingerprint)

    def _snapshot(self, figs, state: dict) -> dict:
        snap = documents.snapshot(figs)
        if self.snapshot_version is not None:
            snap["v"] = self.snapshot_version
        if state:
            snap["more"] = state
        return snap

    def _fingerprint(self, run: ReportRun, previous) -> str:
        return documents.data_fingerprint(run.programme, previous)

    def fingerprint(self, run: ReportRun) -> str:
        state = additions_state(additions(run, letterhead(run.document_meta), self.review_period(run)))
        return with_additions(self._fingerprint(run, documents.previous_programme(run.programme)), state)

    def cache_key(self, run: ReportRun) -> tuple:
        return ("year", run.programme_id)

    def snapshot(self, run: ReportRun) -> dict:
        figs, _previous = self._figures(run)
        state = additions_state(additions(run, letterhead(run.document_meta), self.review_period(run)))
        return self._snapshot(figs, state)

    def changes(self, printed: dict, now: dict) -> list[Change]:
        found = [Change(*c) for c in documents.snapshot_changes(printed, now)]
        return found + DocumentKind.changes(self, printed.get("more", {}), now.get("more", {}))

    def register_chunks(self, run: ReportRun) -> int:
        return documents.register_chunks(run.programme) if run.options.get("register") else 0

    def register_parts(self, run: ReportRun) -> list[str]:
        if not run.options.get("register"):
            return []
        base = letterhead(run.document_meta)
        extra = sum(len(a.annexes) for a in additions(run, base, None)) if run.options.get("annexes", True) else 0
        return documents.register_parts(run, annex_no=documents.register_annex_no() + extra, base=base)


@register
class InterimReview(YearlyReview):
    """The review of a reporting period of the year, above all the July
    preliminary review of the first six months (sơ kết 6 tháng đầu năm):
    the yearly report's structure with the period's figures against the
    same period last year, its own approved text, and the directions for
    the rest of the year."""

    code = ReportRun.Kind.INTERIM_REVIEW
    snapshot_version = 2
    subject_field = "period"
    related = ("period",)

    def period(self, run: ReportRun):
        if run.period_id:
            return run.period
        return run.programme.periods.get(pk=run.options["period"])

    review_period = period

    def title(self, run: ReportRun) -> str:
        period = self.period(run)
        name = period.name[:1].lower() + period.name[1:]
        if period.kind == "first-half":
            return f"Báo cáo sơ kết {name}"
        return f"Báo cáo kết quả {name}"

    def attach(self, run: ReportRun, subject) -> None:
        run.period = subject
        run.save(update_fields=["period"])

    def _figures(self, run: ReportRun):
        return documents.period_report_figures(run.programme, self.period(run))

    def cache_key(self, run: ReportRun) -> tuple:
        return ("period-report", run.period_id or run.options.get("period"))

    # A period review prints no register.
    def register_chunks(self, run: ReportRun) -> int:
        return 0

    def register_parts(self, run: ReportRun) -> list[str]:
        return []


@register
class PeriodReview(DocumentKind):
    """The review of a policy document's period (e.g. a Đề án 2021–2025)."""

    code = ReportRun.Kind.PERIOD_REVIEW
    # 3: the period's targets are part of what was printed
    snapshot_version = 3
    subject_field = "policy_document"
    related = ("policy_document",)

    def document(self, run: ReportRun) -> PolicyDocument:
        if run.policy_document_id:
            return run.policy_document
        return PolicyDocument.objects.get(pk=run.options["document"], committee=run.programme.committee_id)

    def title(self, run: ReportRun) -> str:
        doc = self.document(run)
        return f"Báo cáo tổng kết {doc.kind_word} {doc.number_symbol} giai đoạn {doc.period_start}–{doc.period_end}"

    def attach(self, run: ReportRun, subject) -> None:
        run.policy_document = subject
        run.save(update_fields=["policy_document"])

    def _figures(self, run: ReportRun):
        return documents.period_review_figures(
            run.programme.committee_id, self.document(run), fold=run.options.get("fold", True)
        )

    def content(self, run: ReportRun) -> Content:
        doc = self.document(run)
        f = self._figures(run)
        html = documents.period_review_html(doc, f, letterhead(run.document_meta))
        return Content([html], self._snapshot(f), self.fingerprint(run))

    def fingerprint(self, run: ReportRun) -> str:
        doc = self.document(run)
        return documents.activities_fingerprint(
            documents.programme_ids(run.programme.committee_id, doc.period_start, doc.period_end)
        )

    def cache_key(self, run: ReportRun) -> tuple:
        return ("period", run.policy_document_id or run.options.get("document"))

    def snapshot(self, run: ReportRun) -> dict:
        return self._snapshot(self._figures(run))

    def _snapshot(self, f) -> dict:
        snap = {
            "v": self.snapshot_version,
            documents.TOTAL_COUNT: f.total.count,
            documents.TOTAL_AMOUNT: f.total.amount_total,
        }
        snap.update({f"Năm {r.label} – trị giá (đồng)": r.sums.amount_total for r in f.years})
        snap.update({f"{r.label} – trị giá (đồng)": r.sums.amount_total for r in f.categories})
        snap.update({f"Chỉ tiêu giai đoạn: {t.category} – {t.label}": t.actual for t in f.targets})
        return snap
