"""The document kinds printed for a meeting: its invitation, its minutes and
the conference packet. They register with the report pipeline when Django
starts (MeetingsConfig.ready)."""

from django.template.loader import render_to_string
from django.utils import timezone

from meetings.models import Meeting, MeetingDocument
from programmes.models import Programme
from reports.documents import digest
from reports.kinds import Change, Content, DocumentKind, YearlyReview, letterhead, register
from reports.models import ReportRun


def meeting_of(run: ReportRun) -> Meeting:
    return run.meeting_link.meeting


def meeting_state(meeting: Meeting) -> dict:
    """What a meeting's documents print about it, labelled as the run page
    lists a change."""
    start = timezone.localtime(meeting.starts_at)
    agenda = list(meeting.agenda_items.order_by("order").values_list("title", "presenter_id"))
    attendees = list(meeting.attendees.order_by("pk").values_list("member_id", "name", "unit_id", "present"))
    follow_ups = list(meeting.follow_ups.order_by("pk").values_list("description", "assigned_unit_id", "deadline"))
    return {
        "Tên hội nghị": meeting.title,
        "Thời gian": start.strftime("%H:%M %d/%m/%Y"),
        "Địa điểm": meeting.place,
        "Chủ trì": ", ".join(meeting.co_chairs.order_by("pk").values_list("full_name", flat=True)),
        "Số nội dung chương trình": len(agenda),
        "Số đại biểu có mặt": sum(1 for a in attendees if a[3]),
        "Số đại biểu vắng mặt": sum(1 for a in attendees if not a[3]),
        "Số việc giao thực hiện": len(follow_ups),
        "Kết luận (số ký tự)": len(meeting.conclusions),
        # Any other change to the agenda, attendance or follow-ups.
        "Chi tiết": digest([agenda, attendees, follow_ups, meeting.conclusions])[:12],
    }


class MeetingKind(DocumentKind):
    """A document about one meeting: its data is the meeting's."""

    subject_field = "meeting"
    related = ("meeting_link__meeting",)

    def attach(self, run: ReportRun, subject: Meeting) -> None:
        MeetingDocument.objects.create(run=run, meeting=subject)

    def title(self, run: ReportRun) -> str:
        return f"{self.label} – {meeting_of(run).title}"

    def cache_key(self, run: ReportRun) -> tuple:
        return ("meeting", run.meeting_link.meeting_id)

    def snapshot(self, run: ReportRun) -> dict:
        return {"v": self.snapshot_version, **meeting_state(meeting_of(run))}

    def fingerprint(self, run: ReportRun) -> str:
        return digest(meeting_state(meeting_of(run)))

    def _printed(self, meeting: Meeting) -> tuple[dict, str]:
        """Snapshot and fingerprint of one state, read once."""
        state = meeting_state(meeting)
        return {"v": self.snapshot_version, **state}, digest(state)

    def content(self, run: ReportRun) -> Content:
        meeting = Meeting.objects.select_related("programme").get(pk=meeting_of(run).pk)
        attendees = list(meeting.attendees.select_related("member", "unit"))
        html = render_to_string(
            self.template,
            {
                **letterhead(run.document_meta, doc_type=self.doc_type),
                "meeting": meeting,
                "start": timezone.localtime(meeting.starts_at),
                "bookmark": self.bookmark,
                "agenda": list(meeting.agenda_items.select_related("presenter").order_by("order")),
                "co_chairs": list(meeting.co_chairs.all()),
                "present": [a for a in attendees if a.present],
                "absent": [a for a in attendees if not a.present],
                "follow_ups": list(meeting.follow_ups.select_related("assigned_unit")),
            },
        )
        return Content([html], *self._printed(meeting))


@register
class Invitation(MeetingKind):
    code = ReportRun.Kind.INVITATION
    doc_type = "GM"
    template = "meetings/pdf/invitation.html"
    bookmark = "Giấy mời"


@register
class Minutes(MeetingKind):
    code = ReportRun.Kind.MINUTES
    doc_type = "BB"
    template = "meetings/pdf/minutes.html"
    bookmark = "Biên bản"


@register
class ConclusionsNotice(MeetingKind):
    """The notice of a meeting's conclusions (Thông báo kết luận), drawn
    from its recorded conclusions and follow-ups and sent to the units they
    concern: their secretaries see it on their home page once issued."""

    code = ReportRun.Kind.CONCLUSIONS
    doc_type = "TB"
    template = "meetings/pdf/conclusions.html"
    bookmark = "Thông báo kết luận"

    def shared_with(self, run: ReportRun, access) -> bool:
        return bool(set(run.options.get("units", [])) & set(access.unit_ids))


def concerned_units(meeting: Meeting) -> list:
    """The units a meeting's conclusions concern: those given follow-ups,
    then those that attended, each once, in that order."""
    units = {}
    for f in meeting.follow_ups.select_related("assigned_unit").order_by("pk"):
        units.setdefault(f.assigned_unit_id, f.assigned_unit)
    for a in meeting.attendees.select_related("unit").exclude(unit=None).order_by("pk"):
        units.setdefault(a.unit_id, a.unit)
    return list(units.values())


@register
class MeetingPacket(YearlyReview):
    """The conference packet: the agenda, the yearly review with its
    annexes, and next year's programme, as parts of one PDF with bookmarks.
    Its data is the year's activities and the meeting."""

    code = ReportRun.Kind.MEETING_PACKET
    subject_field = "meeting"
    related = ("meeting_link__meeting",)
    snapshot_version = 2

    def attach(self, run: ReportRun, subject: Meeting) -> None:
        MeetingDocument.objects.create(run=run, meeting=subject)

    def title(self, run: ReportRun) -> str:
        return f"{self.label} – {meeting_of(run).title}"

    def cache_key(self, run: ReportRun) -> tuple:
        return ("packet", run.programme_id, run.meeting_link.meeting_id)

    def content(self, run: ReportRun) -> Content:
        review = super().content(run)
        meeting = meeting_of(run)
        base = letterhead(run.document_meta)
        agenda = render_to_string(
            "meetings/pdf/agenda.html",
            {
                **letterhead({**run.document_meta, "number": ""}, doc_type="CTr"),
                "bookmark": "Chương trình hội nghị",
                "meeting": meeting,
                "agenda": list(meeting.agenda_items.select_related("presenter").order_by("order")),
                "co_chairs": list(meeting.co_chairs.all()),
                "attendees": list(meeting.attendees.select_related("member", "unit").order_by("pk")),
            },
        )
        parts = [agenda, *review.parts]
        next_programme = Programme.objects.filter(
            committee=run.programme.committee_id, year=run.programme.year + 1
        ).first()
        if next_programme is not None:
            parts.append(
                render_to_string(
                    "meetings/pdf/next_programme.html",
                    {
                        **base,
                        "bookmark": next_programme.title,
                        "next_programme": next_programme,
                        "tasks": list(next_programme.tasks.select_related("lead_unit").order_by("order")),
                        "targets": list(next_programme.targets.select_related("category", "unit")),
                    },
                )
            )
        state = meeting_state(meeting)
        snapshot = {**review.snapshot, "v": self.snapshot_version, "meeting": state}
        return Content(parts, snapshot, digest([review.fingerprint, state]))

    def fingerprint(self, run: ReportRun) -> str:
        return digest([super().fingerprint(run), meeting_state(meeting_of(run))])

    def snapshot(self, run: ReportRun) -> dict:
        return {**super().snapshot(run), "v": self.snapshot_version, "meeting": meeting_state(meeting_of(run))}

    def changes(self, printed: dict, now: dict) -> list[Change]:
        meeting_changes = DocumentKind.changes(self, printed.get("meeting", {}), now.get("meeting", {}))
        return super().changes(printed, now) + meeting_changes
