"""Django's makemessages, which also finds the messages the dashboard's writers translate
(templatetags/dashboard_rows.py, dashboard_cards.py, dashboard_page.py) and the site header
(site_header.py): `translated("…")` as `{% translate %}`, `translated_with("…")` as
`{% blocktranslate %}` and `translated_count("…", "…", n)` as its plural.
Without them, `make messages --no-obsolete` would drop their Welsh from the catalogue."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=translated",
        "--keyword=translated_with",
        "--keyword=translated_count:1,2",
    ]
