"""A fictional province for demonstrations and manual testing.

Tỉnh Sơn Hà does not exist; every person and place name here is invented.
It follows the reference case: a committee co-run by the province's Party
Mass Mobilization Commission and its Military Command, localities and units
across the 2025 reform, programmes for every year of the 2021–2025 Đề án
(2025 the year under way), the usual reporting periods with the first half of
2023 reviewed in July, and Tết campaigns that start in the December before.
Seeding is idempotent:
rows are found by natural keys and only created when missing.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from activities.models import Activity
from coordination.models import CommitteeRole, Locality, Member, SteeringCommittee, Unit
from coordination.permissions import ADMIN, Access
from emulation import services as emulation
from emulation.models import CommendationProposal, Exemplar, ExemplarEvent, Form, Level, ProposalApproval, Recognition
from kit import lunar
from meetings.models import AgendaItem, Attendee, FollowUp, Meeting
from programmes.models import (
    ActivityCategory,
    PolicyDocument,
    PolicyTarget,
    Programme,
    ProgrammeTask,
    ReportingPeriod,
    Target,
    presets,
)
from reports.documents import co_chairs
from reports.models import Approval, ReviewDraft

DEMO_PASSWORD = "SonHa@2026"
COMMITTEE_SLUG = "son-ha"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REFORM_END = dt.date(2025, 6, 30)
REFORM_START = dt.date(2025, 7, 1)

# (district, [communes before the reform], commune that replaces them)
DISTRICTS = [
    ("Thành phố Hà Sơn", ["Phường Đồi Thông", "Phường Suối Hoa", "Xã Hà Phong"], "Phường Hà Sơn"),
    ("Huyện Vân Khê", ["Xã Vân Khê", "Xã Khê Thượng", "Xã Nà Mây"], "Xã Vân Khê"),
    ("Huyện Lũng Mây", ["Xã Lũng Mây", "Xã Pắc Nậm", "Xã Thẩm Vài"], "Xã Lũng Mây"),
    ("Huyện Ngọc Nguồn", ["Xã Ngọc Nguồn", "Xã Đông Ngọc", "Xã Bản Suối"], "Xã Ngọc Nguồn"),
    ("Huyện Thạch Lĩnh", ["Xã Thạch Lĩnh", "Xã Ô Lâu", "Xã Yên Thạch"], "Xã Thạch Lĩnh"),
]

# Demo logins: (username, full name, role, unit names for secretaries)
USERS = [
    ("thuky.vankhe", "Đỗ Minh Khôi", CommitteeRole.Role.SECRETARY, ["Ban Chỉ huy Quân sự huyện Vân Khê"]),
    ("thuky.hoinongdan", "Lò Thị Mai", CommitteeRole.Role.SECRETARY, ["Hội Nông dân tỉnh Sơn Hà"]),
    # the district command checks its commune commands' activities before the standing office
    ("kiemtra.vankhe", "Phạm Văn Đức", CommitteeRole.Role.MIDDLE, ["Ban Chỉ huy Quân sự huyện Vân Khê"]),
    ("thuongtruc", "Trần Thị Hoà", CommitteeRole.Role.STANDING_OFFICE, []),
    ("truongban", "Hoàng Thị Minh Nguyệt", CommitteeRole.Role.CHAIR, []),
    # the military command's co-chair (Phó Trưởng ban Thường trực)
    ("chinhuy", "Lê Quang Vinh", CommitteeRole.Role.CHAIR, []),
    ("vanphong", "Bùi Thanh Hương", CommitteeRole.Role.STAFF, []),
]


class Seeder:
    def __init__(self):
        self.localities: dict[tuple[str, dt.date | None], Locality] = {}
        self.units: dict[str, Unit] = {}
        self.users: dict[str, object] = {}

    # -- helpers -----------------------------------------------------------
    def locality(self, name, level, parent=None, valid_from=None, valid_to=None, code=""):
        obj, _ = Locality.objects.get_or_create(
            name=name,
            level=level,
            valid_from=valid_from,
            valid_to=valid_to,
            defaults={"parent": parent, "code": code},
        )
        self.localities[(name, valid_from)] = obj
        return obj

    def unit(self, name, kind, parent=None, stationed_at=None, valid_from=None, valid_to=None, short_name=""):
        obj, _ = Unit.objects.get_or_create(
            committee=self.committee,
            name=name,
            valid_from=valid_from,
            defaults={
                "kind": kind,
                "parent": parent,
                "stationed_at": stationed_at,
                "valid_to": valid_to,
                "short_name": short_name,
                "order": len(self.units) + 1,
            },
        )
        self.units[name] = obj
        return obj

    @staticmethod
    def link_successor(old, new):
        if old.successor_id != new.pk:
            old.successor = new
            old.save(update_fields=["successor"])

    # -- the province --------------------------------------------------------
    def seed_localities(self):
        old = self.locality("Tỉnh Sơn Hà", Locality.Level.PROVINCE, valid_to=REFORM_END, code="99")
        new = self.locality("Tỉnh Sơn Hà", Locality.Level.PROVINCE, valid_from=REFORM_START, code="99")
        self.link_successor(old, new)
        self.province = old
        self.old_communes: list[Locality] = []
        self.new_communes: list[Locality] = []
        self.districts: dict[str, Locality] = {}
        for i, (district, communes, merged) in enumerate(DISTRICTS, start=1):
            d = self.locality(district, Locality.Level.DISTRICT, parent=old, valid_to=REFORM_END, code=f"9{i:02d}")
            self.districts[district] = d
            successor = self.locality(merged, Locality.Level.COMMUNE, parent=new, valid_from=REFORM_START)
            self.new_communes.append(successor)
            for j, commune in enumerate(communes, start=1):
                c = self.locality(
                    commune, Locality.Level.COMMUNE, parent=d, valid_to=REFORM_END, code=f"9{i:02d}{j:02d}"
                )
                self.link_successor(c, successor)
                self.old_communes.append(c)

    def seed_committee(self):
        self.committee, _ = SteeringCommittee.objects.get_or_create(
            slug=COMMITTEE_SLUG,
            defaults={
                "name": "Ban Chỉ đạo thực hiện Chương trình phối hợp công tác dân vận giữa Ban Dân vận "
                "Tỉnh ủy và Bộ Chỉ huy Quân sự tỉnh Sơn Hà",
                "short_name": "BCĐ Chương trình phối hợp Sơn Hà",
                "decision_number": "125-QĐ/TU",
                "decision_date": dt.date(2021, 3, 15),
                "province": self.province,
                "letterhead_parent": "TỈNH ỦY SƠN HÀ",
                "letterhead_body": "BAN CHỈ ĐẠO CHƯƠNG TRÌNH PHỐI HỢP",
                "document_symbol": "BCĐ",
                "place_name": "Sơn Hà",
            },
        )

    def fill_letterhead(self):
        """Letterhead defaults, set when missing (so older demo databases get
        them too, and a second run changes nothing)."""
        values = {
            "letterhead_parent": "TỈNH ỦY SƠN HÀ",
            "letterhead_body": "BAN CHỈ ĐẠO CHƯƠNG TRÌNH PHỐI HỢP",
            "document_symbol": "BCĐ",
            "place_name": "Sơn Hà",
            # the provincial Party congress that opened the 2020–2025 term
            "term_started_on": dt.date(2020, 10, 15),
        }
        missing = {k: v for k, v in values.items() if not getattr(self.committee, k)}
        if missing:
            for k, v in missing.items():
                setattr(self.committee, k, v)
            self.committee.save(update_fields=list(missing))

    def seed_units(self):
        K = Unit.Kind
        loc = self.localities
        d = self.districts
        bdv = self.unit(
            "Ban Dân vận Tỉnh ủy Sơn Hà",
            K.PARTY_COMMISSION,
            valid_to=dt.date(2025, 2, 28),
            short_name="Ban Dân vận Tỉnh ủy",
        )
        btgdv = self.unit(
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Sơn Hà",
            K.PARTY_COMMISSION,
            valid_from=dt.date(2025, 3, 1),
            short_name="Ban TG&DV Tỉnh ủy",
        )
        self.link_successor(bdv, btgdv)
        bch = self.unit(
            "Bộ Chỉ huy Quân sự tỉnh Sơn Hà",
            K.MILITARY_COMMAND,
            short_name="Bộ CHQS tỉnh",
            stationed_at=loc[("Phường Đồi Thông", None)],
        )
        self.unit("Phòng Chính trị Bộ CHQS tỉnh", K.MILITARY_COMMAND, parent=bch)
        district_commands = {}
        for district, _communes, _merged in DISTRICTS:
            label = district.replace("Thành phố", "thành phố").replace("Huyện", "huyện")
            district_commands[district] = self.unit(
                f"Ban Chỉ huy Quân sự {label}",
                K.MILITARY_COMMAND,
                parent=bch,
                stationed_at=d[district],
                valid_to=REFORM_END,
                short_name=f"Ban CHQS {label}",
            )
        kv1 = self.unit(
            "Ban Chỉ huy Phòng thủ khu vực 1 – Hà Sơn",
            K.MILITARY_COMMAND,
            parent=bch,
            valid_from=REFORM_START,
            short_name="Ban CHPTKV 1",
        )
        kv2 = self.unit(
            "Ban Chỉ huy Phòng thủ khu vực 2 – Lũng Mây",
            K.MILITARY_COMMAND,
            parent=bch,
            valid_from=REFORM_START,
            short_name="Ban CHPTKV 2",
        )
        for i, (district, _c, _m) in enumerate(DISTRICTS):
            self.link_successor(district_commands[district], kv1 if i < 2 else kv2)
        for district, commune in [
            ("Huyện Vân Khê", "Xã Khê Thượng"),
            ("Huyện Vân Khê", "Xã Nà Mây"),
            ("Huyện Lũng Mây", "Xã Pắc Nậm"),
            ("Huyện Ngọc Nguồn", "Xã Đông Ngọc"),
            ("Huyện Thạch Lĩnh", "Xã Ô Lâu"),
        ]:
            self.unit(
                f"Ban Chỉ huy Quân sự {commune[0].lower() + commune[1:]}",
                K.MILITARY_COMMAND,
                parent=district_commands[district],
                stationed_at=loc[(commune, None)],
                valid_to=REFORM_END,
            )
        self.unit("Trung đoàn 915", K.MILITARY_UNIT, stationed_at=loc[("Xã Vân Khê", None)])
        self.unit("Tiểu đoàn Công binh 27", K.MILITARY_UNIT, stationed_at=loc[("Xã Thạch Lĩnh", None)])
        self.unit("Bệnh xá Quân dân y 12", K.MILITARY_UNIT, stationed_at=loc[("Xã Lũng Mây", None)])
        self.unit("Đồn Biên phòng Pắc Nậm", K.MILITARY_UNIT, stationed_at=loc[("Xã Pắc Nậm", None)])
        for name in [
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn Hà",
            "Hội Nông dân tỉnh Sơn Hà",
            "Hội Liên hiệp Phụ nữ tỉnh Sơn Hà",
            "Tỉnh đoàn Sơn Hà",
            "Hội Cựu chiến binh tỉnh Sơn Hà",
            "Liên đoàn Lao động tỉnh Sơn Hà",
        ]:
            self.unit(name, K.SOCIO_POLITICAL)
        self.unit("Sở Lao động – Thương binh và Xã hội tỉnh Sơn Hà", K.GOVERNMENT)
        self.unit("Sở Y tế tỉnh Sơn Hà", K.GOVERNMENT)
        party_committees = {}
        for district, _c, _m in DISTRICTS:
            name = district.replace("Thành phố", "Thành ủy").replace("Huyện", "Huyện ủy")
            party_committees[district] = self.unit(
                name, K.LOCAL_COMMITTEE, stationed_at=d[district], valid_to=REFORM_END
            )
        for district, commune in [
            ("Huyện Vân Khê", "Xã Khê Thượng"),
            ("Huyện Vân Khê", "Xã Nà Mây"),
            ("Huyện Lũng Mây", "Xã Pắc Nậm"),
            ("Huyện Ngọc Nguồn", "Xã Đông Ngọc"),
            ("Huyện Thạch Lĩnh", "Xã Ô Lâu"),
        ]:
            self.unit(
                f"Đảng ủy {commune[0].lower() + commune[1:]}",
                K.LOCAL_COMMITTEE,
                parent=party_committees[district],
                stationed_at=loc[(commune, None)],
                valid_to=REFORM_END,
            )
        self.unit(
            "Đảng ủy phường Hà Sơn",
            K.LOCAL_COMMITTEE,
            stationed_at=loc[("Phường Hà Sơn", REFORM_START)],
            valid_from=REFORM_START,
        )
        self.unit(
            "Đảng ủy xã Vân Khê",
            K.LOCAL_COMMITTEE,
            stationed_at=loc[("Xã Vân Khê", REFORM_START)],
            valid_from=REFORM_START,
        )
        if self.committee.standing_office_id != bdv.pk:
            self.committee.standing_office = bdv
            self.committee.save(update_fields=["standing_office"])
        self.committee.co_running_units.add(bdv, bch)

    def seed_members(self):
        u = self.units
        R = Member.Role
        term = (dt.date(2021, 3, 15), None)
        rows = [
            ("Hoàng Thị Minh Nguyệt", "", "Trưởng Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh ủy Sơn Hà", R.HEAD, term),
            (
                "Lê Quang Vinh",
                "Đại tá",
                "Chính ủy Bộ CHQS tỉnh",
                "Bộ Chỉ huy Quân sự tỉnh Sơn Hà",
                R.STANDING_DEPUTY,
                term,
            ),
            (
                "Trịnh Văn Bảo",
                "Đại tá",
                "Chỉ huy trưởng Bộ CHQS tỉnh",
                "Bộ Chỉ huy Quân sự tỉnh Sơn Hà",
                R.DEPUTY,
                term,
            ),
            (
                "Vũ Thị Hồng Nhung",
                "",
                "Phó Trưởng Ban Dân vận Tỉnh ủy",
                "Ban Dân vận Tỉnh ủy Sơn Hà",
                R.DEPUTY,
                (dt.date(2021, 3, 15), dt.date(2023, 6, 30)),
            ),
            (
                "Chu Văn Định",
                "",
                "Phó Trưởng Ban Dân vận Tỉnh ủy",
                "Ban Dân vận Tỉnh ủy Sơn Hà",
                R.DEPUTY,
                (dt.date(2023, 7, 1), None),
            ),
            (
                "Phạm Đức Long",
                "Thượng tá",
                "Chủ nhiệm Chính trị Bộ CHQS tỉnh",
                "Phòng Chính trị Bộ CHQS tỉnh",
                R.MEMBER,
                term,
            ),
            ("Đinh Văn Tới", "", "Chủ tịch Hội Nông dân tỉnh", "Hội Nông dân tỉnh Sơn Hà", R.MEMBER, term),
            (
                "Mai Thị Thu Hà",
                "",
                "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
                "Hội Liên hiệp Phụ nữ tỉnh Sơn Hà",
                R.MEMBER,
                term,
            ),
            ("Lương Văn Khải", "", "Bí thư Tỉnh đoàn", "Tỉnh đoàn Sơn Hà", R.MEMBER, term),
            ("Đào Xuân Hòa", "", "Chủ tịch Hội Cựu chiến binh tỉnh", "Hội Cựu chiến binh tỉnh Sơn Hà", R.MEMBER, term),
            ("Trần Thị Hoà", "", "Chuyên viên Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh ủy Sơn Hà", R.SUPPORT, term),
            (
                "Ngô Văn Tuấn",
                "Thiếu tá",
                "Trợ lý Dân vận, Phòng Chính trị",
                "Phòng Chính trị Bộ CHQS tỉnh",
                R.SUPPORT,
                term,
            ),
        ]
        self.members = {}
        for order, (name, rank, position, unit, role, (start, end)) in enumerate(rows, start=1):
            m, _ = Member.objects.get_or_create(
                committee=self.committee,
                full_name=name,
                term_start=start,
                defaults={
                    "rank": rank,
                    "position": position,
                    "unit": u[unit],
                    "role": role,
                    "term_end": end,
                    "order": order,
                },
            )
            self.members[name] = m

    def seed_users(self):
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "last_name": "Quản trị hệ thống"},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        for username, full_name, role, unit_names in USERS:
            family, _sep, given = full_name.rpartition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": given, "last_name": family, "email": f"{username}@sonha.local"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            cr, created = CommitteeRole.objects.get_or_create(
                user=user, committee=self.committee, defaults={"role": role}
            )
            if created and unit_names:
                cr.units.set([self.units[n] for n in unit_names])
            self.users[username] = user
        for name, username in (("Hoàng Thị Minh Nguyệt", "truongban"), ("Lê Quang Vinh", "chinhuy")):
            member = self.members[name]
            if member.user_id is None:
                member.user = self.users[username]
                member.save(update_fields=["user"])

    # -- programmes ----------------------------------------------------------
    def seed_programmes(self):
        c = self.committee
        de_an, _ = PolicyDocument.objects.get_or_create(
            committee=c,
            number_symbol="05-ĐA/TU",
            defaults={
                "kind": PolicyDocument.Kind.PROJECT,
                "issuer": "Ban Chấp hành Đảng bộ tỉnh Sơn Hà",
                "title": "Nâng cao chất lượng, hiệu quả công tác dân vận của lực lượng vũ trang tỉnh, "
                "giai đoạn 2021–2025",
                "issued_on": dt.date(2021, 5, 20),
                "period_start": 2021,
                "period_end": 2025,
            },
        )
        nghi_quyet, _ = PolicyDocument.objects.get_or_create(
            committee=c,
            number_symbol="12-NQ/TU",
            defaults={
                "kind": PolicyDocument.Kind.RESOLUTION,
                "issuer": "Ban Chấp hành Đảng bộ tỉnh Sơn Hà",
                "title": "Tăng cường sự lãnh đạo của Đảng đối với công tác dân vận giai đoạn 2021–2025, "
                "định hướng đến năm 2030",
                "issued_on": dt.date(2021, 8, 10),
                "period_start": 2021,
                "period_end": 2025,
                "orientation_year": 2030,
            },
        )
        self.de_an = de_an
        cats = {c.code: c for c in ActivityCategory.objects.all()}
        for code, measure, value in [
            ("nha-dong-doi", "houses_built", 40),
            ("nha-dai-doan-ket", "houses_built", 80),
            ("kham-benh", "people_examined", 30_000),
            ("nong-thon-moi", "man_days", 60_000),
            ("qua-chinh-sach", "gifts", 14_000),
        ]:
            PolicyTarget.objects.get_or_create(
                document=de_an, category=cats[code], measure=measure, defaults={"target_value": value}
            )
        self.programmes = {}
        specs = [
            (2021, "02-CTr/BDVTU-BCHQS", dt.date(2021, 1, 22), Programme.Status.CLOSED),
            (2022, "03-CTr/BDVTU-BCHQS", dt.date(2022, 1, 20), Programme.Status.CLOSED),
            (2023, "07-CTr/BDVTU-BCHQS", dt.date(2023, 1, 18), Programme.Status.CLOSED),
            (2024, "05-CTr/BDVTU-BCHQS", dt.date(2024, 1, 19), Programme.Status.CLOSED),
            (2025, "04-CTr/BTGDVTU-BCHQS", dt.date(2025, 1, 17), Programme.Status.ACTIVE),
        ]
        for year, number, signed, status in specs:
            p, created = Programme.objects.get_or_create(
                committee=c,
                year=year,
                defaults={
                    "title": f"Chương trình phối hợp công tác dân vận năm {year}",
                    "number_symbol": number,
                    "signed_on": signed,
                    "status": status,
                },
            )
            if created:
                p.policy_documents.set([de_an, nghi_quyet])
            self.programmes[year] = p
            self.seed_tasks(p)
            self.seed_targets(p)
            self.seed_periods(p)

    def seed_periods(self, programme):
        """The usual periods of the year; the first half counted to 15/06 for
        the July preliminary review, and locked once reviewed."""
        for period in presets(programme):
            if period.kind == ReportingPeriod.Kind.FIRST_HALF:
                period.cutoff = dt.date(programme.year, 6, 15)
                if programme.year < 2025 or programme.status == Programme.Status.CLOSED:
                    period.locked_at = dt.datetime(programme.year, 7, 20, 9, 0, tzinfo=TZ)
                    period.lock_note = "Đã sơ kết 6 tháng đầu năm."
            if not ReportingPeriod.objects.filter(programme=programme, kind=period.kind).exists():
                period.save()

    def seed_tasks(self, programme):
        u = self.units
        rows = [
            (
                "Tuyên truyền, vận động nhân dân thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
                "Ban Dân vận Tỉnh ủy Sơn Hà",
                6,
                30,
            ),
            ("Tham gia xây dựng hệ thống chính trị ở cơ sở vững mạnh", "Phòng Chính trị Bộ CHQS tỉnh", 9, 30),
            (
                "Giúp nhân dân phát triển kinh tế – xã hội, xây dựng nông thôn mới",
                "Bộ Chỉ huy Quân sự tỉnh Sơn Hà",
                11,
                30,
            ),
            ("Xây dựng nhà đồng đội, nhà tình nghĩa, nhà đại đoàn kết", "Bộ Chỉ huy Quân sự tỉnh Sơn Hà", 12, 15),
            (
                "Thăm, tặng quà đối tượng chính sách, hộ nghèo; Tuần cao điểm Tết vì người nghèo",
                "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn Hà",
                2,
                15,
            ),
            ("Khám bệnh, cấp thuốc miễn phí cho nhân dân vùng sâu, vùng xa", "Bệnh xá Quân dân y 12", 10, 31),
            (
                "Phòng chống thiên tai, tìm kiếm cứu nạn; xây dựng khu vực phòng thủ",
                "Bộ Chỉ huy Quân sự tỉnh Sơn Hà",
                12,
                31,
            ),
        ]
        for order, (title, lead, month, day) in enumerate(rows, start=1):
            done = programme.status == Programme.Status.CLOSED
            ProgrammeTask.objects.get_or_create(
                programme=programme,
                order=order,
                defaults={
                    "title": title,
                    "lead_unit": u[lead],
                    "due_date": dt.date(programme.year, month, day),
                    "progress": 100 if done else 40 + order * 5,
                    "progress_note": "Đã hoàn thành" if done else "Đang triển khai theo kế hoạch",
                },
            )

    def seed_targets(self, programme):
        cats = {c.code: c for c in ActivityCategory.objects.all()}
        bump = programme.year - 2022
        rows = [
            ("nha-dong-doi", "houses_built", 6 + bump),
            ("nha-tinh-nghia", "houses_built", 5 + bump),
            ("nha-dai-doan-ket", "houses_built", 10 + bump * 2),
            ("nong-thon-moi", "man_days", 12000 + bump * 1000),
            ("kham-benh", "people_examined", 6000 + bump * 500),
            ("qua-chinh-sach", "gifts", 2500 + bump * 200),
            ("qua-chinh-sach", "amount_total", 1_200_000_000 + bump * 100_000_000),
            ("tet-vi-nguoi-ngheo", "gifts", 3000 + bump * 200),
            ("tuyen-truyen", "sessions", 400 + bump * 20),
        ]
        for code, measure, value in rows:
            Target.objects.get_or_create(
                programme=programme,
                category=cats[code],
                measure=measure,
                unit=None,
                defaults={"target_value": value},
            )

    # -- activities ----------------------------------------------------------
    TITLES = {
        "nha-dong-doi": "Bàn giao nhà đồng đội cho gia đình cựu chiến binh tại {place}",
        "nha-tinh-nghia": "Xây dựng nhà tình nghĩa tặng gia đình người có công tại {place}",
        "nha-dai-doan-ket": "Khởi công, bàn giao nhà đại đoàn kết cho hộ nghèo tại {place}",
        "nong-thon-moi": "Giúp nhân dân làm đường giao thông nông thôn tại {place}",
        "kham-benh": "Khám bệnh, cấp thuốc miễn phí cho nhân dân {place}",
        "tet-vi-nguoi-ngheo": 'Chương trình "Tết Quân – Dân", tặng quà hộ nghèo tại {place}',
        "qua-chinh-sach": "Thăm, tặng quà gia đình chính sách, Bà mẹ Việt Nam anh hùng tại {place}",
        "tuyen-truyen": "Tuyên truyền pháp luật, vận động nhân dân tại {place}",
        "dan-van-kheo": 'Nhân rộng mô hình "Dân vận khéo" tại {place}',
        "khu-vuc-phong-thu": "Giúp xây dựng công trình khu vực phòng thủ tại {place}",
        "thien-tai": "Giúp nhân dân khắc phục hậu quả mưa lũ tại {place}",
        "khac": "Hoạt động phối hợp khác tại {place}",
    }
    # How many activities each category gets per year.
    WEIGHTS = {
        "nha-dong-doi": 8,
        "nha-tinh-nghia": 8,
        "nha-dai-doan-ket": 12,
        "nong-thon-moi": 22,
        "kham-benh": 16,
        "tet-vi-nguoi-ngheo": 22,
        "qua-chinh-sach": 26,
        "tuyen-truyen": 26,
        "dan-van-kheo": 10,
        "khu-vuc-phong-thu": 10,
        "thien-tai": 10,
        "khac": 10,
    }

    def _measures(self, rng, code):
        m = {}
        money = 0
        if code.startswith("nha-"):
            m["houses_built"] = rng.randint(1, 2)
            m["houses_repaired"] = rng.randint(0, 1)
            m["man_days"] = rng.randint(40, 200)
            money = m["houses_built"] * rng.randint(50, 80) * 1_000_000 + m["houses_repaired"] * 20_000_000
        elif code in {"qua-chinh-sach", "tet-vi-nguoi-ngheo"}:
            m["gifts"] = rng.randint(60, 200)
            m["beneficiaries"] = m["gifts"]
            m["participants"] = rng.randint(10, 60) if code == "tet-vi-nguoi-ngheo" else 0
            money = m["gifts"] * rng.choice([500_000, 700_000, 1_000_000])
        elif code == "kham-benh":
            m["people_examined"] = rng.randint(150, 600)
            m["sessions"] = 1
            m["participants"] = rng.randint(8, 25)
            money = m["people_examined"] * rng.randint(50, 120) * 1_000
        elif code == "tuyen-truyen":
            m["sessions"] = rng.randint(1, 12)
            m["participants"] = m["sessions"] * rng.randint(40, 150)
            money = rng.randint(0, 30) * 100_000
        else:
            m["man_days"] = rng.randint(20, 800)
            m["participants"] = rng.randint(20, 300)
            m["beneficiaries"] = rng.randint(0, 500)
            money = rng.randint(0, 200) * 500_000
        state_share = rng.choice([0, 0.2, 0.4, 0.5])
        units_share = rng.choice([0.1, 0.2, 0.3])
        state = int(money * state_share) // 100_000 * 100_000
        units = int(money * units_share) // 100_000 * 100_000
        m["funding_state"] = state
        m["funding_units"] = units
        m["funding_social"] = money - state - units
        return m

    def seed_activities(self):
        cats = {c.code: c for c in ActivityCategory.objects.all()}
        office = self.users["thuongtruc"]
        secretaries = {
            u: [unit.path for unit in CommitteeRole.objects.get(user=self.users[u]).units.all()]
            for u in ("thuky.vankhe", "thuky.hoinongdan")
        }
        eras = {}  # units and communes as they were on each day (units end and merge in 2025)

        def era(day):
            if day not in eras:
                units = sorted(Unit.objects.filter(committee=self.committee).valid_on(day), key=lambda u: u.pk)
                favoured = [
                    u for u in units if any(u.path.startswith(p) for paths in secretaries.values() for p in paths)
                ]
                eras[day] = (units, favoured or units, self.new_communes if day >= REFORM_START else self.old_communes)
            return eras[day]

        for year, programme in self.programmes.items():
            rng = random.Random(f"son-ha-{year}")
            tet_first = programme.tet_window()[0]
            tet_day = lunar.tet(year)
            n = 0
            for code, weight in self.WEIGHTS.items():
                for _ in range(weight):
                    n += 1
                    ref = f"DEMO-{year}-{n:04d}"
                    if Activity.objects.filter(programme=programme, external_ref=ref).exists():
                        continue
                    start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 360))
                    if code == "tet-vi-nguoi-ngheo":
                        # the weeks before Tết, from mùng 1 tháng Chạp: for Tết 2023 that is December 2022
                        start = tet_first + dt.timedelta(days=rng.randint(0, (tet_day - tet_first).days - 1))
                    units, favoured, communes = era(start)
                    place = rng.choice(communes)
                    end = min(start + dt.timedelta(days=rng.choice([0, 0, 1, 2, 4])), dt.date(year, 12, 31))
                    if start < REFORM_START <= end:
                        end = start
                    lead = rng.choice(favoured) if rng.random() < 0.25 else rng.choice(units)
                    status = self._status(rng, programme)
                    creator = next(
                        (
                            self.users[u]
                            for u, paths in secretaries.items()
                            if any(lead.path.startswith(p) for p in paths)
                        ),
                        office,
                    )
                    a = Activity(
                        programme=programme,
                        category=cats[code],
                        external_ref=ref,
                        lead_unit=lead,
                        locality=place,
                        title=self.TITLES[code].format(place=place.name[0].lower() + place.name[1:]),
                        description="Phối hợp với cấp ủy, chính quyền địa phương tổ chức thực hiện.",
                        start_date=start,
                        end_date=end,
                        status=status,
                        created_by=creator,
                        **self._measures(rng, code),
                    )
                    stamp = dt.datetime.combine(end, dt.time(16, 0), tzinfo=TZ)
                    if status != Activity.Status.DRAFT:
                        a.submitted_by, a.submitted_at = creator, stamp
                    if status in (Activity.Status.CONFIRMED, Activity.Status.RETURNED):
                        a.reviewed_by, a.reviewed_at = office, stamp + dt.timedelta(days=3)
                    if status == Activity.Status.RETURNED:
                        a.return_reason = rng.choice(
                            [
                                "Thiếu danh sách người nhận quà có xác nhận của địa phương.",
                                "Số ngày công chưa khớp với báo cáo của đơn vị, đề nghị kiểm tra lại.",
                                "Đề nghị bổ sung ảnh hoạt động và nguồn kinh phí xã hội hóa.",
                            ]
                        )
                    # The database enforces the constraints; clean() checks the rest.
                    a.full_clean(validate_constraints=False)
                    a.save()
                    others = [u for u in units if u.pk != lead.pk]
                    partners = rng.sample(others, k=rng.choice([0, 0, 1, 2]))
                    if partners:
                        a.participating_units.set(partners)

    @staticmethod
    def _status(rng, programme):
        S = Activity.Status
        if programme.status == Programme.Status.CLOSED:
            return rng.choices([S.CONFIRMED, S.RETURNED, S.SUBMITTED, S.DRAFT], weights=[90, 4, 3, 3])[0]
        return rng.choices([S.CONFIRMED, S.SUBMITTED, S.RETURNED, S.DRAFT], weights=[50, 20, 15, 15])[0]

    # -- meetings ------------------------------------------------------------
    def seed_meetings(self):
        m = self.members
        meeting, created = Meeting.objects.get_or_create(
            committee=self.committee,
            title="Hội nghị tổng kết Chương trình phối hợp công tác dân vận năm 2022",
            defaults={
                "kind": Meeting.Kind.YEARLY_REVIEW,
                "programme": self.programmes[2022],
                "starts_at": dt.datetime(2023, 2, 17, 8, 0, tzinfo=TZ),
                "place": "Hội trường Bộ CHQS tỉnh Sơn Hà",
                "conclusions": "Hội nghị thống nhất đánh giá năm 2022 các đơn vị đã phối hợp chặt chẽ, hoàn thành "
                "và vượt các chỉ tiêu chủ yếu. Năm 2023 tiếp tục tập trung xây dựng nhà đồng đội, "
                'khám bệnh cấp thuốc miễn phí ở vùng sâu, vùng xa và nhân rộng mô hình "Dân vận khéo".',
            },
        )
        if not created:
            return
        meeting.co_chairs.set([m["Hoàng Thị Minh Nguyệt"], m["Lê Quang Vinh"]])
        agenda = [
            ("Khai mạc, giới thiệu đại biểu", "Ngô Văn Tuấn"),
            (
                "Báo cáo kết quả thực hiện Chương trình phối hợp năm 2022, phương hướng nhiệm vụ năm 2023",
                "Trần Thị Hoà",
            ),
            ("Tham luận của các đơn vị", None),
            ("Kết luận hội nghị", "Hoàng Thị Minh Nguyệt"),
        ]
        for order, (title, presenter) in enumerate(agenda, start=1):
            AgendaItem.objects.create(
                meeting=meeting, order=order, title=title, presenter=m[presenter] if presenter else None
            )
        for member in Member.objects.filter(committee=self.committee, term_start__lte=dt.date(2023, 2, 17)):
            Attendee.objects.create(
                meeting=meeting, member=member, unit=member.unit, present=member.full_name != "Lương Văn Khải"
            )
        u = self.units
        for text, unit, deadline, status in [
            (
                "Hoàn thành bàn giao 02 nhà đồng đội còn lại của năm 2022",
                "Ban Chỉ huy Quân sự huyện Vân Khê",
                dt.date(2023, 4, 30),
                FollowUp.Status.OPEN,
            ),
            (
                "Xây dựng kế hoạch khám bệnh, cấp thuốc miễn phí tại xã Pắc Nậm",
                "Bệnh xá Quân dân y 12",
                dt.date(2023, 3, 31),
                FollowUp.Status.DONE,
            ),
            (
                'Tổng hợp mô hình "Dân vận khéo" đề nghị khen thưởng',
                "Hội Nông dân tỉnh Sơn Hà",
                dt.date(2023, 6, 30),
                FollowUp.Status.IN_PROGRESS,
            ),
        ]:
            FollowUp.objects.create(
                meeting=meeting,
                description=text,
                assigned_unit=u[unit],
                deadline=deadline,
                status=status,
                completed_at=dt.datetime(2023, 3, 25, 10, 0, tzinfo=TZ) if status == FollowUp.Status.DONE else None,
            )
        prelim, created = Meeting.objects.get_or_create(
            committee=self.committee,
            title="Hội nghị sơ kết 6 tháng đầu năm 2023",
            defaults={
                "kind": Meeting.Kind.PRELIMINARY,
                "programme": self.programmes[2023],
                "starts_at": dt.datetime(2023, 7, 14, 8, 0, tzinfo=TZ),
                "place": "Hội trường Ban Dân vận Tỉnh ủy",
            },
        )
        if created:
            prelim.co_chairs.set([m["Hoàng Thị Minh Nguyệt"], m["Lê Quang Vinh"]])

    def seed_review_draft(self):
        office = self.users["thuongtruc"]
        chair = self.users["truongban"]
        ReviewDraft.objects.get_or_create(
            programme=self.programmes[2022],
            defaults={
                "general_assessment": "Năm 2022, Ban Chỉ đạo đã lãnh đạo, chỉ đạo các cơ quan, đơn vị triển khai "
                "đồng bộ các nội dung của Chương trình phối hợp.",
                "strengths": "Công tác phối hợp giữa Ban Dân vận Tỉnh ủy và Bộ CHQS tỉnh chặt chẽ, thường xuyên.",
                "limitations": "Một số đơn vị báo cáo chưa kịp thời; nguồn lực xã hội hóa ở vùng sâu còn hạn chế.",
                "lessons": "Phát huy vai trò của cấp ủy, người đứng đầu; huy động sức mạnh tổng hợp của các lực lượng.",
                "directions": 'Tiếp tục xây dựng nhà đồng đội, nhà đại đoàn kết; nhân rộng mô hình "Dân vận khéo".',
                "proposals": "Đề nghị Ban Thường vụ Tỉnh ủy quan tâm bố trí kinh phí hỗ trợ cho Chương trình.",
                "status": ReviewDraft.Status.APPROVED,
                "updated_by": office,
                "approved_by": chair,
                "approved_at": dt.datetime(2023, 2, 10, 9, 0, tzinfo=TZ),
            },
        )
        # The July 2023 preliminary review of the first six months.
        first_half = ReportingPeriod.objects.get(programme=self.programmes[2023], kind=ReportingPeriod.Kind.FIRST_HALF)
        draft, created = ReviewDraft.objects.get_or_create(
            programme=self.programmes[2023],
            period=first_half,
            defaults={
                "general_assessment": "Sáu tháng đầu năm 2023, các cơ quan, đơn vị đã triển khai Tuần cao điểm "
                "Tết vì người nghèo từ tháng Chạp, bảo đảm mọi hộ nghèo, gia đình chính sách đều được đón Tết.",
                "strengths": "Phối hợp kịp thời trong đợt cao điểm Tết; nhiều mô hình hay ở cơ sở.",
                "limitations": "Tiến độ xây dựng nhà đồng đội còn chậm so với kế hoạch năm.",
                "lessons": "Chuẩn bị sớm nguồn lực xã hội hóa từ cuối năm trước.",
                "directions": "Sáu tháng cuối năm tập trung hoàn thành chỉ tiêu nhà đồng đội, nhà đại đoàn kết; "
                "chủ động phòng chống thiên tai mùa mưa lũ.",
                "proposals": "Đề nghị các cơ quan thành viên báo cáo số liệu đúng hạn.",
                "status": ReviewDraft.Status.APPROVED,
                "updated_by": office,
                "approved_by": chair,
                "approved_at": dt.datetime(2023, 7, 6, 9, 0, tzinfo=TZ),
            },
        )
        if created:
            draft.approved_hash = draft.text_hash()
            draft.save(update_fields=["approved_hash"])
        # The final review of the 2021–2025 Đề án, written and approved.
        final, created = ReviewDraft.objects.get_or_create(
            policy_document=self.de_an,
            defaults={
                "general_assessment": "Sau 5 năm thực hiện Đề án, công tác dân vận của lực lượng vũ trang tỉnh có "
                "chuyển biến rõ nét, góp phần xây dựng thế trận lòng dân vững chắc.",
                "strengths": "Các chỉ tiêu về nhà đại đoàn kết, khám bệnh, cấp thuốc miễn phí đều đạt và vượt.",
                "limitations": "Việc sắp xếp đơn vị hành chính năm 2025 làm gián đoạn một số mô hình ở cơ sở.",
                "lessons": "Gắn công tác dân vận với nhiệm vụ quốc phòng, an ninh của từng địa bàn.",
                "directions": "Xây dựng Đề án giai đoạn 2026–2030 phù hợp với chính quyền địa phương hai cấp.",
                "proposals": "Đề nghị Ban Thường vụ Tỉnh ủy cho chủ trương xây dựng Đề án giai đoạn mới.",
                "status": ReviewDraft.Status.APPROVED,
                "updated_by": office,
                "approved_by": chair,
                "approved_at": dt.datetime(2025, 11, 28, 9, 0, tzinfo=TZ),
            },
        )
        if created:
            final.approved_hash = final.text_hash()
            final.save(update_fields=["approved_hash"])
        # Each approved text carries both co-chairs' approvals.
        for text in ReviewDraft.objects.filter(status=ReviewDraft.Status.APPROVED, updated_by=office):
            for body, member in co_chairs(self.committee, text.approved_at.date()):
                approval, created = Approval.objects.get_or_create(
                    review=text,
                    body=body,
                    defaults={
                        "user": member.user,
                        "name": member.full_name,
                        "decision": Approval.Decision.APPROVED,
                        "text_hash": text.text_hash(),
                    },
                )
                if created:
                    Approval.objects.filter(pk=approval.pk).update(at=text.approved_at)

    # -- the "Dân vận khéo" register and the 2022 commendation list ----------
    # (kind, name, position, unit, field, year registered, [(level, year)], status after, registered by)
    EXEMPLARS = [
        (
            "model",
            "Mô hình “Mái ấm đồng đội”",
            "",
            "Ban Chỉ huy Quân sự huyện Vân Khê",
            "culture",
            2021,
            [("district", 2021), ("province", 2022)],
            "replicated",
            "thuky.vankhe",
        ),
        (
            "model",
            "Mô hình “Dân quân giúp dân thu hoạch mùa vụ”",
            "",
            "Ban Chỉ huy Quân sự xã Khê Thượng",
            "economy",
            2021,
            [("commune", 2021), ("district", 2022)],
            "",
            "thuky.vankhe",
        ),
        (
            "model",
            "Mô hình “Chi hội nông dân nghề nghiệp trồng chè sạch”",
            "",
            "Hội Nông dân tỉnh Sơn Hà",
            "economy",
            2022,
            [("province", 2022)],
            "",
            "thuky.hoinongdan",
        ),
        (
            "model",
            "Mô hình “Quân y kết nghĩa bản làng”",
            "",
            "Bệnh xá Quân dân y 12",
            "culture",
            2022,
            [("province", 2022), ("national", 2023)],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Tổ tự quản an ninh trật tự bản biên giới”",
            "",
            "Đồn Biên phòng Pắc Nậm",
            "defence",
            2021,
            [("district", 2021), ("province", 2023)],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Phụ nữ biên giới giữ bản, giữ rừng”",
            "",
            "Hội Liên hiệp Phụ nữ tỉnh Sơn Hà",
            "defence",
            2022,
            [("province", 2023)],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Thanh niên tình nguyện xóa nhà tạm”",
            "",
            "Tỉnh đoàn Sơn Hà",
            "culture",
            2023,
            [("commune", 2023)],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Cựu chiến binh giúp nhau thoát nghèo”",
            "",
            "Hội Cựu chiến binh tỉnh Sơn Hà",
            "economy",
            2022,
            [("district", 2022)],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Chi bộ bốn tốt gắn với dân vận khéo”",
            "",
            "Đảng ủy xã Nà Mây",
            "political",
            2021,
            [("commune", 2021), ("district", 2022)],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Dân hỏi – cán bộ trả lời”",
            "",
            "Huyện ủy Lũng Mây",
            "political",
            2022,
            [("district", 2022), ("province", 2023)],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Công binh mở đường về bản”",
            "",
            "Tiểu đoàn Công binh 27",
            "economy",
            2023,
            [],
            "",
            "thuongtruc",
        ),
        (
            "model",
            "Mô hình “Ngày thứ Bảy cùng dân”",
            "",
            "Ban Chỉ huy Quân sự huyện Vân Khê",
            "defence",
            2023,
            [],
            "",
            "thuky.vankhe",
        ),
        (
            "model",
            "Mô hình “Trung đoàn kết nghĩa xã khó khăn”",
            "",
            "Trung đoàn 915",
            "defence",
            2023,
            [],
            "returned",
            "thuongtruc",
        ),
        (
            "individual",
            "Nguyễn Văn Hùng",
            "Trợ lý Dân vận, Ban Chỉ huy Quân sự huyện Vân Khê",
            "Ban Chỉ huy Quân sự huyện Vân Khê",
            "defence",
            2022,
            [("province", 2022)],
            "",
            "thuky.vankhe",
        ),
        (
            "individual",
            "Hoàng Thị Lan",
            "Chi hội trưởng Chi hội nông dân bản Nà Mây",
            "Hội Nông dân tỉnh Sơn Hà",
            "economy",
            2022,
            [("district", 2022)],
            "",
            "thuky.hoinongdan",
        ),
        (
            "collective",
            "Đồn Biên phòng Pắc Nậm",
            "",
            "Đồn Biên phòng Pắc Nậm",
            "defence",
            2022,
            [("province", 2022)],
            "",
            "thuongtruc",
        ),
    ]
    RESULTS = (
        "Đơn vị phối hợp với cấp ủy, chính quyền địa phương khảo sát, lựa chọn hộ khó khăn, huy động ngày công và "
        "nguồn xã hội hóa; mô hình được nhân dân đồng tình, hưởng ứng, góp phần xây dựng thế trận lòng dân."
    )

    def seed_emulation(self):
        if Exemplar.objects.filter(committee=self.committee).exists():
            return
        access = Access(committee=self.committee, role=ADMIN)
        for kind, name, position, unit_name, field, year, levels, after, by in self.EXEMPLARS:
            unit = self.units[unit_name]
            evidence = list(
                Activity.objects.filter(
                    programme__committee=self.committee,
                    programme__year__in=[y for y in (year, year + 1) if y <= 2023],
                    lead_unit__path__startswith=unit.path,
                    status=Activity.Status.CONFIRMED,
                )
                .order_by("start_date", "pk")
                .values_list("pk", flat=True)[:5]
            )
            ex = emulation.exemplar_save(
                access=access,
                user=self.users[by],
                data={
                    "kind": kind,
                    "name": name,
                    "position": position,
                    "unit": unit,
                    "locality": unit.stationed_at,
                    "field": field,
                    "registered_year": year,
                    "results": self.RESULTS,
                },
                activity_ids=evidence,
            )
            office = self.users["thuongtruc"]
            for level, when in levels:
                emulation.exemplar_evaluate(
                    access=access,
                    user=office,
                    exemplar_id=ex.pk,
                    decision="recognise",
                    level=level,
                    year=when,
                    reference=f"Quyết định công nhận năm {when}",
                    assessment="Mô hình có hiệu quả thiết thực, được nhân dân đồng tình.",
                )
            if after == "replicated":
                emulation.exemplar_replicate(
                    access=access, user=office, exemplar_id=ex.pk, note="Nhân rộng ra các xã biên giới năm 2023."
                )
            if after == "returned":
                emulation.exemplar_evaluate(
                    access=access,
                    user=office,
                    exemplar_id=ex.pk,
                    decision="return",
                    assessment="Đề nghị bổ sung kết quả cụ thể và hoạt động minh chứng.",
                )
            # the history as it happened: the registration in its year, each recognition at the end of its year
            ExemplarEvent.objects.filter(exemplar=ex, action__in=["registered", "evidence"]).update(
                at=dt.datetime(year, 3, 15, 9, 0, tzinfo=TZ)
            )
            for r in Recognition.objects.filter(exemplar=ex):
                Recognition.objects.filter(pk=r.pk).update(at=dt.datetime(r.year, 12, 10, 9, 0, tzinfo=TZ))
                ExemplarEvent.objects.filter(
                    exemplar=ex, action="recognised", note__startswith=f"{Level(r.level).label} năm {r.year}"
                ).update(at=dt.datetime(r.year, 12, 10, 9, 0, tzinfo=TZ))
            ExemplarEvent.objects.filter(exemplar=ex, action__in=["replicated", "returned"]).update(
                at=dt.datetime(2023, 11, 20, 9, 0, tzinfo=TZ)
            )
        # The 2022 list: drafted from the year's results, forms chosen, approved by both co-chairs.
        office = self.users["thuongtruc"]
        proposal = emulation.proposal_open(access=access, user=office, programme_id=self.programmes[2022].pk)
        emulation.proposal_fill(access=access, user=office, proposal_id=proposal.pk, collectives=6)
        forms = [Form.PEOPLES_COMMITTEE, Form.PEOPLES_COMMITTEE, Form.MILITARY]
        for i, entry in enumerate(proposal.entries.order_by("pk")):
            form = forms[i] if i < len(forms) else Form.COMMITTEE
            proposal.entries.filter(pk=entry.pk).update(form=form)
        emulation.proposal_submit(access=access, user=office, proposal_id=proposal.pk)
        approved_at = dt.datetime(2023, 1, 5, 9, 0, tzinfo=TZ)
        proposal.refresh_from_db()
        text_hash = proposal.text_hash()
        CommendationProposal.objects.filter(pk=proposal.pk).update(
            status=CommendationProposal.Status.APPROVED,
            saved_at=dt.datetime(2023, 1, 3, 9, 0, tzinfo=TZ),
            approved_at=approved_at,
            approved_by=self.users["truongban"],
            approved_hash=text_hash,
        )
        for body, member in co_chairs(self.committee, approved_at.date()):
            approval = ProposalApproval.objects.create(
                proposal=proposal,
                body=body,
                user=member.user,
                name=member.full_name,
                decision=ProposalApproval.Decision.APPROVED,
                text_hash=text_hash,
            )
            ProposalApproval.objects.filter(pk=approval.pk).update(at=approved_at)

    # -- reporting deadlines: the first half of 2023, most units on time ------
    def seed_deadlines(self):
        from programmes.models import ReportingObligation, UnitReport

        half = ReportingPeriod.objects.get(programme=self.programmes[2023], kind=ReportingPeriod.Kind.FIRST_HALF)
        if ReportingObligation.objects.filter(period=half).exists():
            return
        office = self.users["thuongtruc"]
        obligation = ReportingObligation.objects.create(
            period=half, due_on=dt.date(2023, 6, 20), note="Báo cáo sơ kết 6 tháng đầu năm", created_by=office
        )
        from programmes.reporting import due_units

        # the year, by the district commands: Vân Khê has not reported yet
        year = ReportingPeriod.objects.filter(programme=self.programmes[2023], kind=ReportingPeriod.Kind.YEAR).first()
        if year is not None:
            districts = ReportingObligation.objects.create(
                period=year, due_on=dt.date(2023, 12, 15), note="Các Ban CHQS huyện báo cáo năm", created_by=office
            )
            commands = [u for name, u in self.units.items() if name.startswith("Ban Chỉ huy Quân sự huyện")]
            districts.units.set(commands)
            for unit in commands:
                if "Vân Khê" not in unit.name:
                    UnitReport.objects.create(
                        obligation=districts,
                        unit=unit,
                        went_well="Hoàn thành chỉ tiêu nhà đồng đội và khám bệnh, cấp thuốc.",
                        closed_at=dt.datetime(2023, 12, 12, 15, 0, tzinfo=TZ),
                        closed_by=office,
                        name="Trần Thị Hoà",
                    )

        for i, unit in enumerate(due_units(obligation)):
            if i % 5 == 4:
                continue  # every fifth unit has not reported
            day = dt.date(2023, 6, 15 + i % 4) if i % 7 else dt.date(2023, 6, 26)  # a few late
            UnitReport.objects.create(
                obligation=obligation,
                unit=unit,
                went_well="Hoàn thành Tuần cao điểm Tết vì người nghèo, thăm tặng quà gia đình chính sách.",
                difficulties="Nguồn xã hội hóa cho xây dựng nhà đồng đội còn hạn chế.",
                proposals="Đề nghị Thường trực Ban Chỉ đạo sớm tổ chức kiểm tra chéo giữa các đơn vị.",
                closed_at=dt.datetime.combine(day, dt.time(16, 0), tzinfo=TZ),
                closed_by=office,
                name="Trần Thị Hoà",
            )

    def run(self):
        self.seed_localities()
        self.seed_committee()
        self.fill_letterhead()
        self.seed_units()
        self.seed_members()
        self.seed_users()
        self.seed_programmes()
        self.seed_activities()
        self.seed_meetings()
        self.seed_review_draft()
        self.seed_emulation()
        self.seed_deadlines()
        return self.committee


def seed_demo() -> SteeringCommittee:
    with transaction.atomic():
        return Seeder().run()
