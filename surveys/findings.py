"""The meeting pack's text: findings phrased from the key figures (never typed in), and the extra findings
computed from the answers and the registry."""

from __future__ import annotations

from statistics import mean

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusters.models import Cluster, DevelopmentStage
from surveys import selectors
from surveys.dashboard import format_value
from surveys.key_figures import KeyFigure, key_figure_clusters
from surveys.models import Survey


def _clusters(count: int, total: int | None = None) -> str:
    """'Alle 12 klynger', '7 af 12 klynger', '1 klynge'."""
    if total is not None and count == total and count > 1:
        return _("Alle %(n)s klynger") % {"n": count}
    if total is not None:
        return ngettext("%(n)s af %(total)s klynger", "%(n)s af %(total)s klynger", count) % {
            "n": count,
            "total": total,
        }
    return ngettext("%(n)s klynge", "%(n)s klynger", count) % {"n": count}


def key_findings(
    figures: dict[str, KeyFigure], bases: dict[str, int], *, filtered: bool = False
) -> list[str]:
    """The seed presentation's findings in its order, each phrased from the figures; a sentence whose number
    nobody answered is left out. Whether the audience may see them at all is `surveys.disclosure`'s decision.
    Under a filter the first sentence speaks of the selection, not of whom the survey was sent to."""

    def shown(key: str) -> int | float | None:
        return figures[key].value

    def text(key: str) -> str:
        return format_value(figures[key].value, figures[key].unit)

    completed = figures["completed"].value or 0
    sentences = []
    if completed:
        if filtered:
            sentence = _(
                "Udsnittet omfatter %(invited)s af de inviterede klynger; %(completed)s har svaret "
                "(svarprocent %(rate)s)."
            )
        else:
            sentence = _(
                "Surveyen blev sendt til %(invited)s klynger; %(completed)s har svaret (svarprocent %(rate)s)."
            )
        sentences.append(
            sentence
            % {"invited": text("invited"), "completed": text("completed"), "rate": text("response_rate")}
        )
    if shown("willing_dialogue"):
        sentences.append(
            _(
                "%(who)s indgår gerne i en tæt dialog med BRN og de nordjyske kommuner om et øget, målrettet "
                "samarbejde til gavn for de nordjyske virksomheder."
            )
            % {"who": _clusters(shown("willing_dialogue"), completed)}
        )
    if shown("physically_present"):
        if shown("own_office") is not None and shown("co_located") is not None:
            sentence = _(
                "%(who)s er fysisk til stede i Nordjylland: %(own)s med selvstændigt fysisk kontor og "
                "%(co)s i samlokation med Erhvervshuset."
            ) % {
                "who": _clusters(shown("physically_present")),
                "own": text("own_office"),
                "co": text("co_located"),
            }
        else:
            sentence = _(
                "%(who)s er fysisk til stede i Nordjylland med selvstændigt fysisk kontor eller samlokation "
                "med Erhvervshuset."
            ) % {"who": _clusters(shown("physically_present"))}
        sentences.append(sentence)
    if shown("with_nj_partner"):
        sentences.append(
            _("%(who)s har et samarbejde med én eller flere aktører i Nordjylland.")
            % {"who": _clusters(shown("with_nj_partner"), completed)}
        )
    if shown("with_nj_members") and shown("members_total") is not None:
        sentence = _("%(who)s har virksomhedsmedlemmer i Region Nordjylland, tilsammen minimum %(total)s") % {
            "who": _clusters(shown("with_nj_members"), completed),
            "total": text("members_total"),
        }
        if shown("members_large") is not None and shown("members_small") is not None:
            sentence += _(
                ", heraf ca. %(large)s med over 50 ansatte og ca. %(small)s med under 50 ansatte"
            ) % {
                "large": text("members_large"),
                "small": text("members_small"),
            }
        sentences.append(sentence + ".")
    for key, noun in (("unique_companies", _("unikke virksomheder")), ("participants", _("deltagere"))):
        if shown(key) is not None:
            sentences.append(
                _(
                    "%(who)s har oplyst et tal for Nordjylland siden 2021 (heraf %(estimates)s som estimat): "
                    "samlet minimum %(value)s %(noun)s."
                )
                % {
                    "who": _clusters(figures[key].reported_by),
                    "estimates": figures[key].estimated_by,
                    "value": text(key),
                    "noun": noun,
                }
            )
    if shown("with_activities"):
        sentences.append(
            _("%(who)s har aktiviteter, projekter og værditilbud i Nordjylland.")
            % {"who": _clusters(shown("with_activities"), completed)}
        )
    if shown("without_agreement") is not None and figures["without_agreement"].reported_by:
        sentences.append(
            _("%(who)s har ikke en samarbejdsaftale med en nordjysk aktør.")
            % {"who": _clusters(shown("without_agreement"))}
        )
    if shown("municipal_agreements"):
        sentence = _(
            "Samarbejdsaftalerne med de %(municipalities)s kommuner (%(agreements)s aftaler) er fordelt på "
            "%(clusters)s."
        ) % {
            "municipalities": text("municipalities_with_agreement"),
            "agreements": text("municipal_agreements"),
            "clusters": _clusters(figures["clusters_with_municipal_agreement"].value),
        }
        if (
            shown("max_municipal_agreements_one_cluster") is not None
            and bases["max_municipal_agreements_one_cluster"] == 1
        ):
            sentence += " " + _("Én klynge har %(most)s ud af de %(agreements)s aftaler.") % {
                "most": text("max_municipal_agreements_one_cluster"),
                "agreements": text("municipal_agreements"),
            }
        sentences.append(sentence)
    return sentences


def extra_findings(*, survey: Survey, clusters: QuerySet[Cluster] | None) -> list[str]:
    """Do the clusters with a North Jutland office also have the most members there, and are they the
    mature ones? Computed from the answers (presence, members) and the registry (development stage)."""
    present = {
        cluster.pk: cluster
        for cluster in key_figure_clusters(survey=survey, key="physically_present", clusters=clusters)
    }
    members = {
        cluster.pk: value
        for cluster, value, _estimate in selectors.number_answers(
            survey=survey, question_code="members_nj", clusters=clusters
        )
        if value is not None
    }
    findings = []
    with_office = [value for pk, value in members.items() if pk in present]
    without_office = [value for pk, value in members.items() if pk not in present]
    if with_office and without_office:
        findings.append(
            _(
                "Klynger med kontor eller samlokation i Nordjylland har i gennemsnit %(with)s medlemmer i "
                "Nordjylland; de øvrige klynger har i gennemsnit %(without)s."
            )
            % {
                "with": format_value(round(mean(with_office))),
                "without": format_value(round(mean(without_office))),
            }
        )
    if present and members:
        largest = sorted(members, key=lambda pk: -members[pk])[: len(present)]
        overlap = sum(1 for pk in largest if pk in present)
        if overlap == len(largest):
            sentence = _(
                "De %(n)s klynger med flest medlemmer i Nordjylland er netop de %(n)s, der har kontor eller "
                "samlokation dér."
            )
        else:
            sentence = _(
                "Af de %(n)s klynger med flest medlemmer i Nordjylland har %(overlap)s kontor eller "
                "samlokation dér."
            )
        findings.append(sentence % {"n": len(largest), "overlap": overlap})
    staged = [cluster for cluster in present.values() if cluster.development_stage]
    mature = sum(1 for cluster in staged if cluster.development_stage == DevelopmentStage.MATURE)
    if staged:
        findings.append(
            _(
                "%(mature)s af de %(n)s klynger med kontor eller samlokation, hvis udviklingstrin er kendt, er modne."
            )
            % {"mature": mature, "n": len(staged)}
        )
    return findings
