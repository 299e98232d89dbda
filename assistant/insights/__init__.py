"""Staff insights: what applicants asked and what the assistant could not answer, without anyone's personal data.

collect.py reads the conversation store (redacted text and each turn's `turn_summary`), aggregate.py counts,
group.py puts similar unanswered messages together and hides any group fewer than K conversations share,
render_*.py write text, JSON, CSV and a self-contained HTML page. Sender ids are replaced by opaque numbers as
they are read and never leave collect.py.
"""
