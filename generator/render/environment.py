"""The Jinja2 environment of the Markdown templates.

Every value a template prints is escaped for Markdown (see :mod:`generator.render.markup`)
unless Python code built it as :class:`~markupsafe.Markup`. Templates only loop and
print; the filters here do the formatting and are tested on their own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from generator.render import markup
from generator.views import text
from generator.views.methods import method_words


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return markup.escape(value if isinstance(value, str) else str(value))


@cache
def environment() -> jinja2.Environment:
    """The shared environment: package templates, strict undefined, escaping by default."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        autoescape=False,  # Markdown escaping happens in `finalize`; HTML's would double it
    )
    env.filters.update(
        long_date=text.long_date,
        iso=text.iso,
        number=text.number,
        quantity=text.quantity,
        duration=text.duration,
        paragraphs=markup.paragraphs,
        attribute=markup.attribute,
        link=markup.link,
        trusted=markup.trusted,
        code=markup.code,
        label=text.label,
        area_label=text.area_label,
        yes_no=text.yes_no,
        person_name=text.person_name,
        person_label=text.person_label,
        people_names=text.people_names,
        metric_name=text.metric_name,
        metric_names=text.metric_names,
        target_text=text.target_in,
        when=text.days_between,
        within=text.within,
        method_words=method_words,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of ``generator/render/templates`` with typed objects."""
    return environment().get_template(template).render(**context)
