from __future__ import annotations

from django import template

from surveys.dashboard import latest_survey as _latest_survey

register = template.Library()


@register.simple_tag
def latest_survey():
    """`{% latest_survey as survey %}`: the survey the home page's dashboard cards open."""
    return _latest_survey()
