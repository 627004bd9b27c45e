"""Reminders: what each person should act on, on the home page and as one
e-mail digest a day, delivered to a real SMTP server on loopback (aiosmtpd)
and read back; idempotent across runs on the same day; a mail server that
is down delays the digest and breaks nothing."""

import datetime as dt
import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from devtools.factories import ActivityFactory
from overview.models import ReminderChoice, ReminderSent
from overview.reminders import send_reminders
from programmes.models import ReportingObligation, ReportingPeriod

DUE = dt.date(2023, 6, 20)


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server process on loopback, and the settings that send to it."""
    box = Mailbox()
    box.port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", controller.port, 5
    settings.SITE_URL = "http://intranet.test"
    yield box
    controller.stop()


@pytest.fixture
def work(programme, units, secretary, standing_office):
    """A deadline of the district command's, a returned activity of it, an
    activity waiting for review for five days; both people have addresses."""
    secretary.email, standing_office.email = "thuky@bcd.test", "thuongtruc@bcd.test"
    secretary.save(), standing_office.save()
    half = ReportingPeriod.objects.create(
        programme=programme,
        kind="first-half",
        name="6 tháng đầu năm 2023",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 6, 30),
    )
    deadline = ReportingObligation.objects.create(period=half, due_on=DUE)
    deadline.units.set([units["district"]])
    ActivityFactory(programme=programme, lead_unit=units["commune"], status="returned", return_reason="Thiếu ảnh")
    waiting = ActivityFactory(programme=programme, lead_unit=units["union"], status="submitted")
    waiting.submitted_at = timezone.now() - dt.timedelta(days=5)
    waiting.save(update_fields=["submitted_at"])
    return deadline


def _by_recipient(box) -> dict:
    return {m["To"]: m.get_content() for m in box.messages}


def test_each_person_gets_one_digest_a_day_with_links(smtp, work, units):
    outcome = send_reminders(today=DUE - dt.timedelta(days=7))
    assert len(outcome.sent) == 2 and not outcome.delayed
    mail = _by_recipient(smtp)
    assert set(mail) == {"thuky@bcd.test", "thuongtruc@bcd.test"}
    secretary = mail["thuky@bcd.test"]
    assert "Còn 7 ngày đến hạn báo cáo 6 tháng đầu năm 2023 (20/06/2023) của Ban CHQS huyện A." in secretary
    assert f"http://intranet.test/c/thu-nghiem/programme/deadlines/{work.pk}/" in secretary
    assert "1 hoạt động bị trả lại" in secretary
    assert "1 hoạt động đã chờ duyệt quá 3 ngày." in mail["thuongtruc@bcd.test"]
    assert smtp.messages[0]["Subject"] == "Nhắc việc ngày 13/06/2023"
    # the same day again: nothing twice
    again = send_reminders(today=DUE - dt.timedelta(days=7))
    assert again.sent == [] and again.nothing_new == 2 and len(smtp.messages) == 2
    call_command("send_reminders", "--date", "13/06/2023", stdout=open("/dev/null", "w"))
    assert len(smtp.messages) == 2
    # two days before the deadline, a new digest; once it is closed, none about it
    send_reminders(today=DUE - dt.timedelta(days=2))
    assert "Còn 2 ngày đến hạn báo cáo" in _by_recipient(smtp)["thuky@bcd.test"]
    assert ReminderSent.objects.filter(day=DUE - dt.timedelta(days=2)).count() == 3
    # past the deadline, the late unit's secretary is told every day until it reports
    send_reminders(today=DUE + dt.timedelta(days=3))
    late = [m for m in smtp.messages if m["Subject"] == "Nhắc việc ngày 23/06/2023"]
    assert [m["To"] for m in late].count("thuky@bcd.test") == 1
    assert (
        "Quá hạn báo cáo 6 tháng đầu năm 2023 (20/06/2023) của Ban CHQS huyện A: 3 ngày."
        in _by_recipient(smtp)["thuky@bcd.test"]
    )


def test_the_middle_level_is_reminded_of_what_waits_for_its_check(smtp, work, programme, units, middle):
    middle.email = "kiemtra@bcd.test"
    middle.save()
    ActivityFactory(programme=programme, lead_unit=units["commune"], status="submitted")
    send_reminders(today=DUE)
    assert "1 hoạt động của đơn vị cấp dưới đang chờ đồng chí kiểm tra." in _by_recipient(smtp)["kiemtra@bcd.test"]


def test_a_mail_server_that_is_down_delays_the_digest(settings, work, smtp):
    settings.EMAIL_PORT = _free_port()  # nothing listens there
    outcome = send_reminders(today=DUE)
    assert outcome.sent == [] and len(outcome.delayed) == 2
    assert not ReminderSent.objects.exists() and smtp.messages == []
    settings.EMAIL_PORT = smtp.port
    later = send_reminders(today=DUE)
    assert len(later.sent) == 2 and len(smtp.messages) == 2


def test_no_email_for_those_who_opted_out_or_have_no_address(smtp, work, secretary, standing_office, client):
    client.force_login(secretary)
    client.post(reverse("reminder_choice"), {})
    assert ReminderChoice.objects.get(user=secretary).by_email is False
    standing_office.email = ""
    standing_office.save()
    outcome = send_reminders(today=DUE - dt.timedelta(days=7))
    assert outcome.sent == [] and smtp.messages == []


def test_the_dry_run_lists_and_sends_nothing(smtp, work, capsys):
    call_command("send_reminders", "--dry-run", "--date", "13/06/2023")
    out = capsys.readouterr().out
    assert "secretary <thuky@bcd.test> sẽ nhận 2 nội dung" in out and "Còn 7 ngày" in out
    assert smtp.messages == [] and not ReminderSent.objects.exists()


def test_the_home_page_shows_the_same_reminders(client, committee, work, secretary):
    client.force_login(secretary)
    page = client.get(reverse("committee_home", kwargs={"committee": committee.slug})).content.decode()
    assert "1 hoạt động bị trả lại" in page
