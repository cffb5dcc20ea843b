"""The audit log is append-only: the database refuses to change or remove an entry (PostgreSQL), and an entry
keeps the name of the person who acted even after their account is deleted."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from sedp.audit.actions import record
from sedp.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's (SQLite has none)"
)


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user("vanthu", password="mat-khau-dai-du", full_name="Lê Văn Thư")


def test_an_entry_keeps_the_actors_name_when_their_account_is_deleted(clerk):
    entry = record(clerk, "needs.create", object_type="needs.need", object_id="1")
    clerk_pk = clerk.pk
    clerk.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_name == "Lê Văn Thư (vanthu)"
    assert entry.actor_id == clerk_pk  # the id is kept too, though nobody holds it any more


def test_the_name_is_the_one_written_at_the_time(clerk):
    entry = record(clerk, "needs.create", object_type="needs.need", object_id="1")
    clerk.full_name = "Lê Thị Thư"
    clerk.save()
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == "Lê Văn Thư (vanthu)"


def test_an_entry_without_a_signed_in_actor_has_no_name():
    entry = record(None, "accounts.sign_in_failed", object_type="accounts.user", object_id="")
    assert entry.actor_id is None and entry.actor_name == ""


@postgres_only
def test_postgresql_refuses_to_change_or_delete_an_entry(clerk):
    entry = record(clerk, "needs.create", object_type="needs.need", object_id="1", reason="đúng")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="sửa lại lịch sử")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.get(pk=entry.pk).reason == "đúng"
    # New entries are still written.
    record(clerk, "needs.update", object_type="needs.need", object_id="1")
    assert AuditEntry.objects.filter(actor_name="Lê Văn Thư (vanthu)").count() == 2


def test_record_many_writes_the_entries_record_writes_in_one_query(clerk, django_assert_num_queries):
    from sedp.audit.actions import entry, record_many

    one = record(clerk, "needs.create", clerk, after={"code": "N1"}, reason="lý do")
    with django_assert_num_queries(1):
        many = record_many(
            [entry(clerk, "needs.create", clerk, after={"code": f"N{i}"}, reason="lý do") for i in (2, 3)]
        )
    fields = ["actor_id", "actor_name", "action", "object_type", "object_id", "object_repr", "reason"]
    for e in AuditEntry.objects.filter(pk__in=[m.pk for m in many]):
        assert [getattr(e, f) for f in fields] == [getattr(one, f) for f in fields]
    assert sorted(e.after["code"] for e in AuditEntry.objects.filter(pk__in=[m.pk for m in many])) == [
        "N2",
        "N3",
    ]
