from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The six digits the authenticator app shows, or an eight-digit backup code."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        help_text=_("6 cifre fra appen, eller en af dine reservekoder på 8 cifre."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 10}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not code.isdigit() or len(code) not in (6, 8):
            raise forms.ValidationError(
                _("Koden skal være 6 cifre fra appen eller en reservekode på 8 cifre.")
            )
        return code

    def refuse(self) -> None:
        self.add_error(
            "code",
            _(
                "Koden er forkert. Skriv den kode, appen viser lige nu, eller en reservekode, du ikke har brugt."
            ),
        )
