"""The commendation documents (the proposal, Tờ trình đề nghị khen thưởng,
and the committee's decision, Quyết định khen thưởng, each with its list),
and what the register adds to the yearly review: a paragraph on the
movement, the annex of the year's "Dân vận khéo" models and the approved
commendation list. They register with the report pipeline when Django
starts (EmulationConfig.ready)."""

from django.db.models import Count, Q
from django.template.loader import render_to_string

from activities.models import Activity
from emulation.models import (
    FORM_ORDER,
    CommendationEntry,
    CommendationProposal,
    Exemplar,
    Form,
    Level,
    ProposalDocument,
    Recognition,
)
from emulation.services import review_activities
from kit.collation import vi_sorted
from kit.templatetags.vn import num
from reports import figures
from reports.documents import digest
from reports.kinds import Addition, Content, DocumentKind, add_to_review, letterhead, register
from reports.models import ReportRun
from reports.profiles import ROMAN

# Whom a proposal is sent to, by the form it asks for.
ADDRESSEES = {
    Form.PEOPLES_COMMITTEE: "Ủy ban nhân dân tỉnh",
    Form.MILITARY: "Bộ Chỉ huy Quân sự tỉnh",
    Form.PARTY_COMMISSION: "Ban Dân vận Tỉnh ủy",
    Form.COMMITTEE: "Lãnh đạo Ban Chỉ đạo",
}


def proposal_of(run: ReportRun) -> CommendationProposal:
    return run.proposal_link.proposal


def groups(entries) -> list[dict]:
    """The entries by form of commendation, highest first; collectives,
    then individuals, in the order they were added."""
    out = []
    for form in FORM_ORDER:
        mine = [e for e in entries if e.form == form]
        if not mine:
            continue
        collectives = [e for e in mine if e.recipient == CommendationEntry.Recipient.COLLECTIVE]
        individuals = [e for e in mine if e.recipient == CommendationEntry.Recipient.INDIVIDUAL]
        out.append(
            {
                "form": form,
                "label": Form(form).label,
                "collectives": collectives,
                "individuals": individuals,
                "roman": ROMAN[len(out)],
            }
        )
    return out


def list_state(proposal: CommendationProposal, entries) -> dict:
    collectives = sum(1 for e in entries if e.recipient == CommendationEntry.Recipient.COLLECTIVE)
    return {
        "Số tập thể đề nghị khen thưởng": collectives,
        "Số cá nhân đề nghị khen thưởng": len(entries) - collectives,
        "Danh sách khen thưởng (mã nội dung)": proposal.text_hash()[:12],
    }


class CommendationKind(DocumentKind):
    """A document printed from one commendation list."""

    subject_field = "proposal"
    related = ("proposal_link__proposal",)
    snapshot_version = 1
    template: str
    bookmark: str

    def attach(self, run: ReportRun, subject: CommendationProposal) -> None:
        ProposalDocument.objects.create(run=run, proposal=subject)

    def title(self, run: ReportRun) -> str:
        return f"{self.label} – {proposal_of(run).review_label()}"

    def cache_key(self, run: ReportRun) -> tuple:
        return ("commendation", run.proposal_link.proposal_id, self.code)

    def entries(self, proposal: CommendationProposal) -> list[CommendationEntry]:
        return list(proposal.entries.select_related("unit").order_by("pk"))

    def _state(self, proposal: CommendationProposal) -> dict:
        return list_state(proposal, self.entries(proposal))

    def snapshot(self, run: ReportRun) -> dict:
        return {"v": self.snapshot_version, **self._state(proposal_of(run))}

    def fingerprint(self, run: ReportRun) -> str:
        return digest(self._state(proposal_of(run)))

    def content(self, run: ReportRun) -> Content:
        proposal = CommendationProposal.objects.select_related(
            "programme", "period", "policy_document", "committee"
        ).get(pk=proposal_of(run).pk)
        entries = self.entries(proposal)
        base = letterhead(run.document_meta, doc_type=self.doc_type)
        sums = figures.totals(review_activities(proposal))
        by_form = groups(entries)
        context = {
            **base,
            "proposal": proposal,
            "committee": proposal.committee,
            "groups": by_form,
            "collectives": sum(1 for e in entries if e.recipient == "collective"),
            "individuals": sum(1 for e in entries if e.recipient == "individual"),
            "grounds": [line.strip() for line in proposal.grounds.splitlines() if line.strip()],
            "sums": sums,
            "addressees": [ADDRESSEES[g["form"]] for g in by_form],
            "bookmark": self.bookmark,
            "list_ref": f"{self.ref_word} {base['number_ref']} ngày {base['day']:%d/%m/%Y} của Ban Chỉ đạo",
        }
        parts = [render_to_string(self.template, {**context, "part": "main"})]
        parts.append(
            render_to_string("emulation/pdf/commendation_list.html", {**context, "part": "annex", "annex_no": None})
        )
        state = list_state(proposal, entries)
        return Content(parts, {"v": self.snapshot_version, **state}, digest(state))


@register
class CommendationProposalDocument(CommendationKind):
    code = ReportRun.Kind.COMMENDATION_PROPOSAL
    doc_type = "TTr"
    template = "emulation/pdf/proposal.html"
    bookmark = "Tờ trình đề nghị khen thưởng"
    ref_word = "Tờ trình"


@register
class CommendationDecisionDocument(CommendationKind):
    """The committee's own decision: only the entries the committee awards
    itself (its certificate of merit); the other forms are proposed to the
    bodies that award them."""

    code = ReportRun.Kind.COMMENDATION_DECISION
    doc_type = "QĐ"
    template = "emulation/pdf/decision.html"
    bookmark = "Quyết định khen thưởng"
    ref_word = "Quyết định"

    def entries(self, proposal: CommendationProposal) -> list[CommendationEntry]:
        return [e for e in super().entries(proposal) if e.form == Form.COMMITTEE]


# -- the yearly review ----------------------------------------------------------


def year_models(committee_id: int, year: int) -> list[Exemplar]:
    """The models of the year: registered in it or recognised in it (not
    those returned to their unit), with their recognitions."""
    return list(
        Exemplar.objects.filter(committee=committee_id, kind=Exemplar.Kind.MODEL)
        .exclude(status=Exemplar.Status.RETURNED)
        .filter(Q(registered_year=year) | Q(recognitions__year=year))
        .distinct()
        .select_related("unit", "locality")
    )


def _model_rows(models: list[Exemplar], year: int) -> list[dict]:
    ids = [m.pk for m in models]
    evidence = {
        row["exemplar_id"]: row
        for row in Exemplar.activities.through.objects.filter(exemplar_id__in=ids)
        .filter(activity__status=Activity.Status.CONFIRMED)
        .values("exemplar_id")
        .annotate(n=Count("activity_id"))
    }
    recognitions: dict[int, list] = {}
    for r in Recognition.objects.filter(exemplar_id__in=ids, year__lte=year).order_by("year"):
        recognitions.setdefault(r.exemplar_id, []).append(r)
    return [
        {
            "model": m,
            "recognitions": recognitions.get(m.pk, []),
            "evidence": evidence.get(m.pk, {}).get("n", 0),
        }
        for m in vi_sorted(models, key=lambda m: m.name)
    ]


@add_to_review
def review_addition(run: ReportRun, base: dict, period) -> Addition:
    """The movement's paragraph, the models annex (the yearly review only)
    and the approved commendation list of the review."""
    programme = run.programme
    committee_id = programme.committee_id
    lines, annexes, state = [], [], {}
    year = programme.year
    if period is None:
        models = year_models(committee_id, year)
        if models:
            rows = _model_rows(models, year)
            recognised = [r for r in rows if any(x.year == year for x in r["recognitions"])]
            by_level = {}
            for r in recognised:
                for x in r["recognitions"]:
                    if x.year == year:
                        by_level[x.level] = by_level.get(x.level, 0) + 1
            levels = "; ".join(
                f"{Level(k).label.lower()} {n}"
                for k, n in sorted(by_level.items(), key=lambda kv: Level.values.index(kv[0]), reverse=True)
            )
            registered = sum(1 for r in rows if r["model"].registered_year == year)
            line = (
                f"Phong trào thi đua “Dân vận khéo” tiếp tục được đẩy mạnh: năm {year} có "
                f"{num(registered)} mô hình mới đăng ký"
            )
            if recognised:
                line += f", {num(len(recognised))} mô hình được công nhận ({levels})"
            replicated = sum(1 for r in rows if r["model"].status == Exemplar.Status.REPLICATED)
            if replicated:
                line += f", {num(replicated)} mô hình được nhân rộng"
            lines.append(line + " (danh sách mô hình tại phụ lục kèm theo).")
            title = f"Danh sách mô hình “Dân vận khéo” năm {year}"

            def models_annex(no: int, rows=rows, title=title) -> str:
                return render_to_string(
                    "emulation/pdf/models_annex.html",
                    {**base, "part": "annex", "annex_no": no, "title": title, "rows": rows, "year": year},
                )

            annexes.append((title, models_annex))
            state[f"Mô hình “Dân vận khéo” năm {year}"] = len(rows)
            state[f"Mô hình được công nhận năm {year}"] = len(recognised)
            state["Mô hình (mã nội dung)"] = digest(
                [
                    [r["model"].pk, r["model"].name, r["model"].status, [(x.level, x.year) for x in r["recognitions"]]]
                    for r in rows
                ]
            )[:12]
    proposal = (
        CommendationProposal.objects.filter(
            programme=programme, policy_document__isnull=True, status=CommendationProposal.Status.APPROVED
        )
        .filter(period=period)
        .first()
        if period is not None
        else CommendationProposal.objects.filter(
            programme=programme,
            period__isnull=True,
            policy_document__isnull=True,
            status=CommendationProposal.Status.APPROVED,
        ).first()
    )
    if proposal is not None:
        entries = list(proposal.entries.select_related("unit").order_by("pk"))
        if entries:
            s = list_state(proposal, entries)
            collectives, individuals = s["Số tập thể đề nghị khen thưởng"], s["Số cá nhân đề nghị khen thưởng"]
            lines.append(
                f"Ban Chỉ đạo biểu dương và đề nghị khen thưởng {num(collectives)} tập thể, {num(individuals)} cá nhân "
                "có thành tích xuất sắc (danh sách tại phụ lục kèm theo)."
            )
            title = "Danh sách đề nghị khen thưởng tập thể, cá nhân"

            def list_annex(no: int, entries=entries, proposal=proposal) -> str:
                return render_to_string(
                    "emulation/pdf/commendation_list.html",
                    {
                        **base,
                        "part": "annex",
                        "annex_no": no,
                        "proposal": proposal,
                        "groups": groups(entries),
                        "list_ref": f"Báo cáo {base['number_ref']} ngày {base['day']:%d/%m/%Y} của Ban Chỉ đạo",
                    },
                )

            annexes.append((title, list_annex))
            state.update(s)
    return Addition(lines, annexes, state)
