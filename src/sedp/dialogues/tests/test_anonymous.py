"""An anonymous question has no author anywhere: not in its row, its audit row, the session, the cache, the logs,
the pages, the API or the minutes — even when the person who sent it was signed in."""

import io
import logging
import pickle
import re
from datetime import datetime, time

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from sedp.audit.models import AuditEntry
from sedp.dialogues import actions
from sedp.dialogues.models import Question, Source

from .conftest import hold

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
TEXT = "Ai được nhận tiền hỗ trợ làm nhà năm nay? Danh sách có được công khai không?"


def _article(page: str, question: Question) -> str:
    m = re.search(rf'<article[^>]*id="question-{question.pk}".*?</article>', page, re.S)
    assert m, f"question {question.pk} is not on the page"
    return m.group(0)


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_an_anonymous_question_sent_by_a_signed_in_resident_leaves_no_trace_of_them(
    client, units, dialogue, village_head, front, caplog
):
    caplog.set_level(logging.DEBUG)
    client.force_login(village_head)
    session_key = client.session.session_key
    session_before = dict(client.session.items())
    started = timezone.now()
    response = client.post(
        f"/dialogues/{dialogue.pk}/ask/",
        {"text": TEXT, "anonymous": "on", "asked_by": village_head.full_name, "village": units.ea_kmat.pk},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    question = Question.objects.get(text=TEXT)
    # The thank-you page carries no number that the web server's log could tie to the address.
    assert response["Location"] == f"/dialogues/{dialogue.pk}/ask/sent/"
    assert str(question.pk) not in response["Location"].replace(str(dialogue.pk), "")
    traces = [village_head.username, village_head.full_name, ADDRESS, session_key]

    # Its row: no name, no account, only the day it came.
    assert question.anonymous and question.asked_by == "" and question.created_by_id is None
    assert question.source == Source.PUBLIC and question.received_on == timezone.localdate()
    row = Question.objects.filter(pk=question.pk).values().get()
    assert not [t for t in traces for v in row.values() if isinstance(v, str) and t in v]

    # Its audit row: no actor, the date only (not the second it came, which a web log could match).
    entry = AuditEntry.objects.get(object_type="dialogues.question", object_id=str(question.pk))
    assert entry.actor_id is None
    assert entry.at == timezone.make_aware(datetime.combine(question.received_on, time.min))
    assert not [t for t in traces if t in repr((entry.object_repr, entry.before, entry.after, entry.reason))]
    # Nothing else was written in the person's name, and no audit row anywhere holds the address.
    assert not AuditEntry.objects.filter(actor=village_head, at__gte=started).exists()
    assert not [e.pk for e in AuditEntry.objects.all() if ADDRESS in repr((e.before, e.after, e.reason))]

    # Their session holds nothing of it; the rate limit's cache entry holds a count under a keyed hash.
    assert dict(client.session.items()) == session_before
    stored = cache._cache  # LocMemCache: key -> pickled value
    assert stored and not [k for k in stored if ADDRESS in k]
    assert not [
        k for k, v in stored.items() if str(question.pk).encode() in v and b"dialogues:ask" not in k.encode()
    ]
    assert [pickle.loads(v) for k, v in stored.items() if "dialogues:ask" in k] == [1]
    # The logs say nothing of the sender.
    assert not [t for t in traces if t in caplog.text]

    # The pages show it as anonymous: the Front's preparation and session pages, the public page not at all.
    client.force_login(front)
    for url in (f"/dialogues/{dialogue.pk}/", f"/dialogues/{dialogue.pk}/session/"):
        article = _article(client.get(url).content.decode(), question)
        assert TEXT in article and "không ghi tên" in article
        assert village_head.full_name not in article and village_head.username not in article
    client.logout()
    assert TEXT not in client.get(f"/dialogues/public/{units.ea_kao.pk}/").content.decode()

    # The API has no author to give: anonymous callers read no question, the Front reads it with none.
    assert client.get(f"/api/v1/dialogues/{dialogue.pk}/questions/").json() == []
    client.force_login(front)
    api = client.get(f"/api/v1/dialogues/{dialogue.pk}/questions/").json()
    mine = [q for q in api if q["id"] == question.pk]
    assert mine == [
        {
            "id": question.pk,
            "number": question.number,
            "text": TEXT,
            "source": "public",
            "anonymous": True,
            "asked_by": None,
            "village": "Buôn Ea Kmát",
            "received_on": question.received_on.isoformat(),
            "visibility": "shown",
            "merged_into": None,
            "answer": "",
            "answered_by": None,
        }
    ]

    # The minutes print it as "không ghi tên".
    hold(dialogue, front)
    docx = _docx_text(client.get(f"/dialogues/{dialogue.pk}/minutes.docx").content)
    pdf = _pdf_text(client.get(f"/dialogues/{dialogue.pk}/minutes.pdf").content)
    for text in (docx, " ".join(docx.split()), pdf):
        assert "Ai được nhận tiền hỗ trợ" in text
        assert village_head.full_name not in text and village_head.username not in text
    line = next(p for p in docx.split("\n") if "Ai được nhận tiền hỗ trợ" in p)
    assert "người hỏi: không ghi tên (Buôn Ea Kmát)" in line


def test_an_anonymous_card_the_front_types_in_keeps_no_author_either(dialogue, front):
    question = actions.gather_question(
        dialogue,
        front,
        text="Cán bộ thôn có thu tiền ngoài quy định không?",
        source=Source.CARD,
        anonymous=True,
    )
    assert question.created_by_id is None and question.asked_by == ""
    entry = AuditEntry.objects.get(object_type="dialogues.question", object_id=str(question.pk))
    assert entry.actor_id is None
    # A named card keeps who typed it in, for the record.
    named = actions.gather_question(
        dialogue, front, text="Khi nào làm đường?", source=Source.FLOOR, asked_by="Y Kông Niê"
    )
    assert named.created_by == front and named.asked_by == "Y Kông Niê"
    assert AuditEntry.objects.get(object_type="dialogues.question", object_id=str(named.pk)).actor == front


def test_a_question_signed_with_a_name_keeps_the_name_typed_but_never_the_account(
    client, dialogue, village_head
):
    client.force_login(village_head)
    client.post(f"/dialogues/{dialogue.pk}/ask/", {"text": "Xin hỏi về quỹ phường.", "asked_by": "Bà H'Bia"})
    question = Question.objects.get(text="Xin hỏi về quỹ phường.")
    assert question.asked_by == "Bà H'Bia" and question.created_by_id is None and not question.anonymous


def test_the_database_refuses_an_anonymous_question_with_an_author(dialogue, front, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(
            dialogue=dialogue,
            unit=units.ea_kao,
            source=Source.PUBLIC,
            text="x",
            anonymous=True,
            asked_by="Ai đó",
            received_on=timezone.localdate(),
        )
