"""The dialogue pages, by topic: preparation (the dialogue, agenda, questions and moderation), the session, the
follow-up (commitments, evidence, minutes) and the public pages. Rules and permissions live in `actions` and the
one policy."""
