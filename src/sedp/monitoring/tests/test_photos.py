"""Photos of a work: size and type checked, with a Vietnamese refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sedp.monitoring.actions import add_photo, follow_finding, record_finding, start_works
from sedp.monitoring.models import FindingStatus, Photo, Work

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


@pytest.fixture
def work(world, commune_planner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    start_works(world.plan, commune_planner)
    return Work.objects.get(activity=world.road)


def test_a_photo_is_stored_under_monitoring_with_its_type_and_size(work, commune_planner, tmp_path):
    photo = add_photo(work, SimpleUploadedFile("anh.png", PNG), commune_planner, stage="before")
    assert photo.content_type == "image/png" and photo.size == len(PNG)
    assert photo.image.name.startswith("monitoring/") and (tmp_path / photo.image.name).read_bytes() == PNG


def test_a_photo_over_5_mb_is_refused_in_vietnamese(work, commune_planner):
    big = SimpleUploadedFile("to.jpg", JPEG + b"\x00" * (5 * 1024 * 1024))
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        add_photo(work, big, commune_planner, stage="during")
    assert "tối đa 5 MB" in refused.value.message_dict["image"][0]
    assert not Photo.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name(work, commune_planner):
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.7 not a photo", content_type="image/jpeg")
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        add_photo(work, fake, commune_planner, stage="after")
    assert "không phải ảnh" in refused.value.message_dict["image"][0]
    assert not Photo.objects.exists()


def test_a_finding_is_followed_to_not_fixed_only_with_a_reason(work, commune_planner, today):
    finding = record_finding(
        work, commune_planner, on=today, checked="Độ dày mặt đường", found="Đoạn cuối mỏng hơn thiết kế"
    )
    add_photo(work, SimpleUploadedFile("a.jpg", JPEG), commune_planner, stage="during", finding=finding)
    assert finding.photos.count() == 1
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        follow_finding(finding, FindingStatus.NOT_FIXED, commune_planner)
    assert "chưa khắc phục" in refused.value.message_dict["reason"][0]
    follow_finding(finding, FindingStatus.NOT_FIXED, commune_planner, reason="Nhà thầu chưa bố trí máy")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.NOT_FIXED and finding.reason == "Nhà thầu chưa bố trí máy"
