"""Rejections that arrive as email: read from a paste or received by Debrief's own SMTP server.

- `phrases`: the documented phrase list that suggests a rejection's reasons.
- `reading`: `read_rejection(text, owner=...)`, what an email says (which application, when, why).
- `mail`: one received message reduced to what Debrief keeps (sender, subject, date, text).
- `filing`: the database side (private addresses, the daily limit, filing, confirming).
- `smtp`: the aiosmtpd handler and server (`manage.py inbound_smtp`).
"""
