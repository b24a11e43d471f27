"""Each translation looked up once per language and process.

Django keeps a language's strings in a chain: the catalogues of every installed app, then a
fallback catalogue per app, then the default language. A string not translated (every English
string, and any Welsh string Django itself does not know) walks the whole chain, raising and
catching a KeyError at each catalogue: about 10 microseconds a lookup, a hundred lookups on a
dashboard (issue 22: the floor every page pays). Catalogues do not change while a process runs,
so each answer is kept on the language's translation object, up to a bound (a string made at
run time could otherwise grow it without end).
"""

from django.utils.translation.trans_real import DjangoTranslation

KEPT_PER_LANGUAGE = 20_000

looked_up = DjangoTranslation.gettext  # Python's GNUTranslations.gettext, chain and all


def gettext_remembered(self: DjangoTranslation, message: str) -> str:
    try:
        return self.remembered[message]
    except AttributeError:
        self.remembered = {}
    except KeyError:
        pass
    translated = looked_up(self, message)
    if len(self.remembered) < KEPT_PER_LANGUAGE:
        self.remembered[message] = translated
    return translated


def remember_translations() -> None:
    """Called once, from DebriefConfig.ready()."""
    DjangoTranslation.gettext = gettext_remembered
