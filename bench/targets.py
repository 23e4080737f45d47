"""The pages and API calls `make bench` measures. Add one line per page worth watching."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One URL to measure; ``login`` is (username, password) for pages that need a session."""

    name: str
    path: str
    login: tuple[str, str] | None = None


# Modules in bench/ whose ``run()`` adds national-scale data after ``seed_demo``
# (executed inside ``manage.py shell``); each is idempotent.
SEEDS: list[str] = ["seed_selection", "seed_guidance", "seed_evaluation", "seed_ids"]

# Demo users created by `manage.py seed_demo` (all share the demo password).
DEMO_PASSWORD = "kotacerdas-demo"  # noqa: S105 - the demo's published password
COORDINATOR = ("koordinator", DEMO_PASSWORD)
ADMIN = ("admin", DEMO_PASSWORD)

# Ids are never assumed: a ``{name}`` in a path is filled from the ``ids()`` of the SEEDS
# modules, which look each object up by what it is (bench/seed_ids.py).
CAMPAIGN = "/campaigns/{campaign}"

TARGETS: list[Target] = [
    Target("healthz", "/healthz"),
    Target("region list page", "/regions/"),
    Target("region list search", "/regions/?q=Bengkulu"),
    Target("region API list", "/api/v1/regions?limit=50"),
    Target("region API search", "/api/v1/regions?search=kota&limit=100"),
    Target("region home (coordinator)", "/regions/17.71/", login=COORDINATOR),
    # Kota Bengkulu's demo assessment (the first one seed_demo creates).
    Target(
        "readiness scores page (coordinator)", "/readiness/{demo_assessment}/", login=COORDINATOR
    ),
    Target(
        "readiness questionnaire (coordinator)",
        "/readiness/{demo_assessment}/answers/",
        login=COORDINATOR,
    ),
    Target("readiness API scores", "/api/v1/readiness/{demo_assessment}", login=COORDINATOR),
    Target("campaign ranking, 514 applicants (admin)", f"{CAMPAIGN}/ranking/", login=ADMIN),
    Target(
        "campaign ranking sorted by total (admin)",
        f"{CAMPAIGN}/ranking/?sort=-total&kind=kabupaten",
        login=ADMIN,
    ),
    Target("campaign ranking API (admin)", "/api/v1/campaigns/{campaign}/ranking", login=ADMIN),
    Target("campaign result (coordinator)", f"{CAMPAIGN}/ranking/", login=COORDINATOR),
]

# The masterplan of 300 programmes made by `seed_bench_masterplan`, found by its title.
BENCH_MASTERPLAN = "{bench_masterplan}"
TARGETS += [
    Target(
        "programme list (300)", f"/masterplans/{BENCH_MASTERPLAN}/programmes/", login=COORDINATOR
    ),
    Target("agency matrix (300)", f"/masterplans/{BENCH_MASTERPLAN}/agencies/", login=COORDINATOR),
    Target("budget view (300)", f"/masterplans/{BENCH_MASTERPLAN}/budget/", login=COORDINATOR),
    Target("roadmap (300)", f"/masterplans/{BENCH_MASTERPLAN}/roadmap/", login=COORDINATOR),
    Target(
        "quick-win ranking (300)", f"/masterplans/{BENCH_MASTERPLAN}/quick-wins/", login=COORDINATOR
    ),
    Target(
        "programme API list (300)",
        f"/api/v1/masterplans/{BENCH_MASTERPLAN}/programmes?limit=100",
        login=COORDINATOR,
    ),
]

# Monitoring dashboards on the demo data (Kota Bengkulu, province Bengkulu 17). The bench seeds
# hold no national-scale monitoring data: for 514 regions with 4 million realisations, add them
# with `manage.py generate_national_dataset --scale full --i-know-this-is-synthetic` and run
# with --no-prepare (docs/benchmarks-national.md).
TARGETS += [
    Target("region dashboard (coordinator)", "/regions/17.71/dashboard/", login=COORDINATOR),
    Target("reports page (coordinator)", "/regions/17.71/reports/", login=COORDINATOR),
    Target("province dashboard (admin)", "/provinces/17/dashboard/", login=ADMIN),
    Target("national dashboard (admin)", "/national/dashboard/", login=ADMIN),
    Target("national summary API (admin)", "/api/v1/national/summary?limit=100", login=ADMIN),
    Target(
        "masterplan status API (coordinator)",
        "/api/v1/masterplans/{demo_masterplan}/status",
        login=COORDINATOR,
    ),
    Target(
        "region dashboard API (coordinator)", "/api/v1/regions/17.71/dashboard", login=COORDINATOR
    ),
]

# The public portal (anonymous), on the demo's published masterplan of Kota Bengkulu. Pages are
# cached under the region's public version: these measure the warm cache after the warm-up.
TARGETS += [
    Target("public region list", "/publik/"),
    Target("public region list search", "/publik/?q=bengkulu&sort=-published"),
    Target("public region page", "/publik/wilayah/17.71/"),
    Target("public indicators CSV", "/publik/wilayah/17.71/data/indicators.csv"),
    Target("public programmes JSON", "/publik/wilayah/17.71/data/programmes.json"),
    Target("public data.json (DCAT)", "/publik/data.json"),
    Target("public sitemap", "/publik/sitemap.xml"),
    Target("public API programmes", "/api/v1/public/regions/17.71/programmes?limit=100"),
    Target("public API indicators", "/api/v1/public/regions/17.71/indicators?limit=100"),
    Target("public API region detail", "/api/v1/public/regions/17.71"),
    Target("public API results", "/api/v1/public/regions/17.71/results"),
    Target("public API documents", "/api/v1/public/regions/17.71/documents"),
    Target("public programmes CSV", "/publik/wilayah/17.71/data/programmes.csv"),
]

# The Bimtek cohort of 50 regions × 4 stages made by `seed_guidance`, its id looked up by name
# after seeding (``seed_guidance.ids()``); Kota Bengkulu's guidance page shows that cohort.
# A ``{name}`` in a path is filled from the ``ids()`` of the SEEDS modules.
TARGETS += [
    Target(
        "guidance pipeline, 50 regions × 4 stages (admin)",
        "/guidance/cohorts/{guidance_cohort}/",
        login=ADMIN,
    ),
    Target(
        "guidance pipeline API (admin)",
        "/api/v1/cohorts/{guidance_cohort}/pipeline?limit=50",
        login=ADMIN,
    ),
    Target("region guidance page (coordinator)", "/regions/17.71/guidance/", login=COORDINATOR),
    # seed_demo's latest published evaluation of Kota Bengkulu and its SPBE self-assessment;
    # seed_evaluation's round of 2025 with all 514 kabupaten/kota.
    Target(
        "evaluation result page (coordinator)", "/evaluations/{demo_evaluation}/", login=COORDINATOR
    ),
    Target(
        "evaluation round, 514 regions (admin)", "/evaluation/rounds/{bench_round}/", login=ADMIN
    ),
    Target(
        "evaluation API (coordinator)", "/api/v1/evaluations/{demo_evaluation}", login=COORDINATOR
    ),
    Target("SPBE self-assessment page (coordinator)", "/spbe/{demo_spbe}/", login=COORDINATOR),
]

# `bench/run.py --national`: the monitoring pages on the synthetic national data set
# (`generate_national_dataset`), opened by the personas of bench/seed_national.py (persona →
# username, all with the demo password); its ``ids()`` fills the ``{nat_*}`` placeholders.
NATIONAL_SEEDS: list[str] = ["seed_national"]
NATIONAL_USERS = {
    "coordinator": "scale-coordinator",
    "editor": "scale-editor",
    "province": "scale-province",
    "national": "scale-national",
}
NAT_COORDINATOR = (NATIONAL_USERS["coordinator"], DEMO_PASSWORD)
NAT_EDITOR = (NATIONAL_USERS["editor"], DEMO_PASSWORD)
NAT_PROVINCE = (NATIONAL_USERS["province"], DEMO_PASSWORD)
NAT_ADMIN = (NATIONAL_USERS["national"], DEMO_PASSWORD)
NAT_REGION = "/regions/{nat_region}"

NATIONAL_TARGETS: list[Target] = [
    Target("healthz", "/healthz"),
    Target("region dashboard (coordinator)", f"{NAT_REGION}/dashboard/", login=NAT_COORDINATOR),
    Target(
        "agency report card (editor)",
        f"{NAT_REGION}/agencies/{{nat_agency}}/report-card/",
        login=NAT_EDITOR,
    ),
    Target(
        "realisation report form (editor)", "/indicators/{nat_indicator}/report/", login=NAT_EDITOR
    ),
    Target(
        "masterplan status API (coordinator)",
        "/api/v1/masterplans/{nat_masterplan}/status",
        login=NAT_COORDINATOR,
    ),
    Target(
        "province dashboard (province viewer)",
        "/provinces/{nat_province}/dashboard/",
        login=NAT_PROVINCE,
    ),
    Target("national dashboard (national admin)", "/national/dashboard/", login=NAT_ADMIN),
    Target(
        "national summary API (national admin)",
        "/api/v1/national/summary?limit=100",
        login=NAT_ADMIN,
    ),
    Target(
        "region dashboard API (coordinator)",
        "/api/v1/regions/{nat_region}/dashboard",
        login=NAT_COORDINATOR,
    ),
]
