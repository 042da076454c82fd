"""Labels keep their case inside a sentence."""

from __future__ import annotations

import pytest

from surveys.dashboard import in_sentence


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Medlemmer i Nordjylland", "medlemmer i Nordjylland"),
        ("Unikke virksomheder", "unikke virksomheder"),
        ("KPI'er", "KPI'er"),
        ("", ""),
    ],
)
def test_a_label_in_a_sentence_keeps_the_case_of_its_names(label, expected):
    assert in_sentence(label) == expected
