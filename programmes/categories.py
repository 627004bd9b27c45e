"""The activity categories every committee starts with (DESIGN.md §2).

Names are stored in Vietnamese: they are data, printed in documents."""

CATEGORIES: list[tuple[str, str, list[str]]] = [
    ("nha-dong-doi", "Xây dựng, sửa chữa nhà đồng đội", ["houses_built", "houses_repaired", "man_days"]),
    ("nha-tinh-nghia", "Xây dựng, sửa chữa nhà tình nghĩa", ["houses_built", "houses_repaired", "man_days"]),
    ("nha-dai-doan-ket", "Xây dựng, sửa chữa nhà đại đoàn kết", ["houses_built", "houses_repaired", "man_days"]),
    ("nong-thon-moi", "Giúp nhân dân xây dựng nông thôn mới", ["man_days", "participants", "beneficiaries"]),
    ("kham-benh", "Khám bệnh, cấp thuốc miễn phí", ["people_examined", "sessions", "participants"]),
    ("tet-vi-nguoi-ngheo", "Tuần cao điểm Tết vì người nghèo", ["gifts", "beneficiaries", "participants"]),
    ("qua-chinh-sach", "Thăm, tặng quà đối tượng chính sách", ["gifts", "beneficiaries"]),
    ("tuyen-truyen", "Tuyên truyền, vận động nhân dân", ["sessions", "participants"]),
    ("dan-van-kheo", 'Mô hình "Dân vận khéo"', ["participants", "beneficiaries"]),
    ("khu-vuc-phong-thu", "Xây dựng khu vực phòng thủ", ["man_days", "participants", "sessions"]),
    ("thien-tai", "Phòng chống thiên tai, tìm kiếm cứu nạn", ["man_days", "participants", "beneficiaries"]),
    ("khac", "Hoạt động khác", ["participants", "beneficiaries", "man_days"]),
]
