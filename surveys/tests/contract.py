"""The key figures of ../shared/survey-2023.md's 2023 column, which the demo answers must reproduce."""

CONTRACT_2023 = {
    "invited": 13,
    "completed": 12,
    "response_rate": 92.3,
    "willing_dialogue": 12,
    "physically_present": 7,
    "own_office": 5,
    "co_located": 2,
    "with_nj_partner": 12,
    "with_nj_members": 12,
    "members_total": 375,
    "members_large": 123,
    "members_small": 252,
    "unique_companies": 1740,
    "participants": 4324,
    "with_activities": 12,
    "without_agreement": 4,
    "municipal_agreements": 7,
    "municipalities_with_agreement": 5,
    "clusters_with_municipal_agreement": 3,
    "max_municipal_agreements_one_cluster": 4,
}
