"""Tests of chiso.survey: R reference values, hard cases and properties."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import chiso._chiso as compiled
from chiso.survey import (
    estimate,
    estimate_share,
    share_from_counts,
    share_goal,
    simulate_enterprise_survey,
)


@pytest.fixture(autouse=True)
def english_messages():
    """These tests match the English wording of the survey errors."""
    import chiso

    chiso.set_language("en")
    yield
    chiso.set_language("vi")


SurveyError = compiled.SurveyError
SchemaError = compiled.SchemaError

# Largest absolute difference allowed from R's estimate, SE and bounds.
TOLERANCE = 1e-6

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "survey"
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "apistrat.csv").exists(),
    reason="R reference data ../shared/reference/survey/apistrat.csv is absent (not shipped)",
)

SHARE_COLUMNS = [
    "group", "domain", "n", "n_missing", "n_psu", "estimate", "se", "ci_lower", "ci_upper",
    "df", "deff", "n_effective", "flag", "method", "level", "note",
]


def apistrat() -> pl.DataFrame:
    data = pl.read_csv(REFERENCE / "apistrat.csv", null_values="NA", infer_schema_length=0)
    return data.select(
        pl.col("stype"),
        pl.col("snum"),
        pl.col("yr.rnd"),
        pl.col("pw").cast(pl.Float64),
        pl.col("fpc").cast(pl.Float64),
        pl.col("api00").cast(pl.Float64),
        pl.col("api99").cast(pl.Float64),
        pl.col("enroll").cast(pl.Float64),
        (pl.col("sch.wide") == "Yes").cast(pl.Int64).alias("yes"),
    )


def srs_frame(successes: int, n: int, weight: float = 10.0) -> pl.DataFrame:
    return pl.DataFrame({"w": [weight] * n, "y": [1] * successes + [0] * (n - successes)})


@needs_reference
def test_survey_apistrat_matches_every_svyciprop_row():
    data = apistrat()
    reference = pl.read_csv(REFERENCE / "apistrat-svyciprop.csv", null_values="NA")
    worst = 0.0
    for row in reference.filter(pl.col("quantity") != "svytotal").iter_rows(named=True):
        label = row["method"].split()[0]
        method = {"wald_normal": "wald", "wald_t": "mean"}.get(label, label)
        df = "inf" if row["df"] == "Inf" else "design"
        result = estimate_share(data, variable="yes", weights="pw", strata="stype", fpc="fpc", method=method, df=df)
        got = result.row(0, named=True)
        for column in ("estimate", "se", "ci_lower", "ci_upper"):
            error = abs(got[column] - row[column])
            worst = max(worst, error)
            assert error < TOLERANCE, (row["method"], column, got[column], row[column])
    assert worst < TOLERANCE


# R survey 4.1.1: svyby(~yes, ~yr.rnd, dstrat, svyciprop, method = m, vartype = c("se", "ci"))
# on apistrat (strata stype, weights pw, fpc fpc); rows No then Yes: estimate, se, lower, upper.
R_DOMAINS = {
    "logit": [(0.815435007676, 0.027003909186, 0.756136739698, 0.862928073706),
              (0.906446686862, 0.057131710751, 0.701736247286, 0.975551212917)],
    "likelihood": [(0.815435007676, 0.027003909186, 0.758207936243, 0.864735976876),
                   (0.906446686862, 0.057131710751, 0.738955853295, 0.983675742976)],
    "beta": [(0.815435007676, 0.027003909186, 0.755663491895, 0.865902332607),
             (0.906446686862, 0.057131710751, 0.724678411869, 0.984981987920)],
    "asin": [(0.815435007676, 0.027003909186, 0.759337654010, 0.865589018309),
             (0.906446686862, 0.057131710751, 0.755747361842, 0.989066073068)],
    "mean": [(0.815435007676, 0.027003909186, 0.762141864294, 0.868728151057),
             (0.906446686862, 0.057131710751, 0.786417416548, 1.026475957176)],
}


@needs_reference
@pytest.mark.parametrize("method", sorted(R_DOMAINS))
def test_survey_apistrat_domains_match_r_svyby(method):
    data = apistrat()
    result = estimate_share(
        data, variable="yes", weights="pw", strata="stype", fpc="fpc", by="yr.rnd", overall=False, method=method,
    )
    assert result["domain"].to_list() == ["No", "Yes"]
    # R's degf() of the Yes subset design: 21 schools in 3 strata.
    assert result["df"].to_list()[1] == 18.0
    for got, expected in zip(result.iter_rows(named=True), R_DOMAINS[method]):
        values = (got["estimate"], got["se"], got["ci_lower"], got["ci_upper"])
        assert max(abs(a - b) for a, b in zip(values, expected)) < TOLERANCE


# R survey 4.1.1, options(survey.lonely.psu = rule): svymean and svytotal of yes on apistrat
# with every E and H school and only the first M school, strata stype, weights pw, no fpc.
R_LONELY = {
    "certainty": (0.026577182233, 138.104604757831),
    "remove": (0.026577182233, 138.104604757831),
    "adjust": (0.026583364216, 139.597319029308),
    "average": (0.032550267636, 169.142906392716),
}


@needs_reference
@pytest.mark.parametrize("rule", sorted(R_LONELY))
def test_survey_lonely_psu_rules_match_r(rule):
    data = apistrat()
    first_middle = data.filter(pl.col("stype") == "M")["snum"][0]
    data = data.filter((pl.col("stype") != "M") | (pl.col("snum") == first_middle))
    share = estimate_share(data, variable="yes", weights="pw", strata="stype", lonely_psu=rule)
    total = estimate(data, variable="yes", weights="pw", strata="stype", lonely_psu=rule, quantity="total")
    assert abs(share["estimate"][0] - 0.853687963992) < TOLERANCE
    assert abs(share["se"][0] - R_LONELY[rule][0]) < TOLERANCE
    assert abs(total["se"][0] - R_LONELY[rule][1]) < 1e-5


def test_survey_lonely_psu_fails_by_default_naming_stratum():
    frame = pl.DataFrame({"w": [1.0, 1.0, 1.0], "s": ["a", "a", "b"], "y": [1, 0, 1]})
    with pytest.raises(SurveyError, match='Stratum "b" has only one PSU'):
        estimate_share(frame, variable="y", weights="w", strata="s")


def test_survey_equal_weights_agree_with_binomial_formulas():
    n, successes, population = 200, 46, 4000
    frame = srs_frame(successes, n, weight=population / n).with_columns(N=pl.lit(float(population)))
    p = successes / n
    fraction = n / population
    row = estimate_share(frame, variable="y", weights="w", fpc="N", method="mean").row(0, named=True)
    assert row["estimate"] == pytest.approx(p, abs=1e-15)
    assert row["se"] == pytest.approx(math.sqrt(p * (1 - p) / (n - 1) * (1 - fraction)), rel=1e-12)
    assert row["df"] == n - 1
    # Without an fpc, deff = n/(n − 1) and n_effective = n − 1 exactly.
    plain = estimate_share(frame, variable="y", weights="w", method="wilson").row(0, named=True)
    assert plain["deff"] == pytest.approx(n / (n - 1), rel=1e-12)
    assert plain["n_effective"] == pytest.approx(n - 1, rel=1e-12)
    total = estimate(frame, variable="y", weights="w", quantity="total", fpc="N").row(0, named=True)
    assert total["estimate"] == pytest.approx(population * p)
    assert total["se"] == pytest.approx(population * row["se"], rel=1e-12)


def test_survey_wilson_uses_effective_sample_size():
    frame = srs_frame(30, 120)
    row = estimate_share(frame, variable="y", weights="w", method="wilson", df="inf").row(0, named=True)
    n_eff, p, z = row["n_effective"], 0.25, 1.959963984540054
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff))
    assert row["ci_lower"] == pytest.approx(centre - half, rel=1e-12)
    assert row["ci_upper"] == pytest.approx(centre + half, rel=1e-12)
    assert row["df"] is None


@pytest.mark.parametrize("bad", [0.0, -3.0, None])
def test_survey_rejects_bad_weight_naming_row(bad):
    frame = pl.DataFrame({"w": [1.0, 2.0, bad, 4.0], "y": [1, 0, 1, 0]}, schema={"w": pl.Float64, "y": pl.Int64})
    with pytest.raises(SurveyError, match="row 2 has"):
        estimate_share(frame, variable="y", weights="w")


def test_survey_rejects_missing_strata_naming_rows():
    frame = pl.DataFrame({"w": [1.0] * 5, "s": ["a", None, "a", "b", None], "y": [1, 0, 1, 0, 1]})
    with pytest.raises(SurveyError, match=r"stratum is missing in row 1, 4 \(2 rows in all\)"):
        estimate_share(frame, variable="y", weights="w", strata="s")


def test_survey_missing_responses_are_counted_and_excluded():
    frame = pl.DataFrame({"w": [2.0] * 6, "y": [1, None, 0, 1, None, 0]})
    row = estimate_share(frame, variable="y", weights="w", method="mean").row(0, named=True)
    assert (row["n"], row["n_missing"], row["estimate"]) == (4, 2, 0.5)
    with pytest.raises(SurveyError, match="missing in row 1, 4"):
        estimate_share(frame, variable="y", weights="w", missing="fail")


def test_survey_share_zero_and_one_in_domain_are_flagged_with_clopper_pearson():
    frame = pl.DataFrame({
        "w": [3.0] * 60,
        "g": ["none"] * 20 + ["all"] * 20 + ["mixed"] * 20,
        "y": [0] * 20 + [1] * 20 + [0, 1] * 10,
    })
    result = estimate_share(frame, variable="y", weights="w", by="g", overall=False)
    rows = {r["domain"]: r for r in result.iter_rows(named=True)}
    assert rows["none"]["estimate"] == 0.0
    assert rows["none"]["ci_lower"] == 0.0
    assert rows["none"]["ci_upper"] == pytest.approx(1 - 0.025 ** (1 / 20), rel=1e-12)
    assert rows["all"]["ci_upper"] == 1.0
    assert "boundary" in rows["none"]["flag"]
    assert "boundary" in rows["all"]["flag"]
    assert rows["none"]["n_effective"] == 20


def test_survey_small_domains_are_flagged_not_hidden():
    sample = simulate_enterprise_survey(seed=3, n=1500)
    result = estimate_share(sample, variable="innovates", weights="weight", strata="stratum", fpc="fpc", by="commune")
    communes = result.filter(pl.col("group") == "commune")
    assert communes.height == sample["commune"].n_unique()
    small = communes.filter(pl.col("n") < 30)
    assert small.height > 0
    assert small["flag"].str.contains("small_n").all()
    assert result.columns == SHARE_COLUMNS


def test_survey_domain_uses_full_design_not_subset():
    sample = simulate_enterprise_survey(seed=5, n=1200, missing_rate=0.0)
    kwargs = dict(variable="innovates", weights="weight", strata="stratum", fpc="fpc", lonely_psu="certainty")
    by_size = estimate_share(sample, by="size", overall=False, **kwargs)
    large = by_size.filter(pl.col("domain") == "Lớn").row(0, named=True)
    subset = estimate_share(sample.filter(pl.col("size") == "Lớn"), **kwargs).row(0, named=True)
    # Size is a stratification variable, so here the domain and the subset agree.
    assert large["estimate"] == pytest.approx(subset["estimate"], rel=1e-12)
    assert large["se"] == pytest.approx(subset["se"], rel=1e-12)
    by_commune = estimate_share(sample, by="commune", overall=False, **kwargs).row(0, named=True)
    commune = by_commune["domain"]
    alone = estimate_share(sample.filter(pl.col("commune") == commune), **kwargs).row(0, named=True)
    # Commune cuts across strata: the domain SE includes the variation of the domain size.
    assert by_commune["estimate"] == pytest.approx(alone["estimate"], rel=1e-12)
    assert by_commune["se"] != pytest.approx(alone["se"], rel=1e-6)


def test_survey_crossed_and_multiple_groupings_in_one_frame():
    sample = simulate_enterprise_survey(seed=2, n=800)
    result = estimate_share(
        sample, variable="innovates", weights="weight", strata="stratum", fpc="fpc", by=["sector", ["sector", "size"]],
    )
    assert result["group"].unique(maintain_order=True).to_list() == ["all", "sector", "sector × size"]
    assert result.filter(pl.col("group") == "sector × size").height == 20


def test_survey_goal_columns_and_status():
    frame = srs_frame(60, 400)
    goal = share_goal(frame, variable="y", weights="w", threshold=0.10).row(0, named=True)
    assert goal["status"] == "met"
    assert goal["probability_posterior"] > 0.999
    half = share_goal(srs_frame(40, 400), variable="y", weights="w", threshold=0.10).row(0, named=True)
    assert half["probability_normal"] == pytest.approx(0.5, abs=1e-9)
    assert half["status"] == "at_risk"
    assert half["p_value"] == pytest.approx(0.5, abs=1e-9)


def test_survey_counts_match_known_intervals():
    # Clopper–Pearson for 0 of 40 and Wilson for 10 of 50 (R prop.test(10, 50, correct = FALSE)).
    zero = share_from_counts(0, 40, method="clopper_pearson").row(0, named=True)
    assert zero["ci_upper"] == pytest.approx(1 - 0.025 ** (1 / 40), rel=1e-12)
    wilson = share_from_counts(10, 50, method="wilson").row(0, named=True)
    assert wilson["ci_lower"] == pytest.approx(0.112437500158, abs=1e-10)
    assert wilson["ci_upper"] == pytest.approx(0.330371059322, abs=1e-10)
    several = share_from_counts([2600, 2100], [23722, 23722])
    assert several["status"].to_list() == ["met", "off_track"]


def test_survey_counts_reject_bad_input():
    with pytest.raises(SurveyError, match="numerator"):
        share_from_counts(50, 40)
    with pytest.raises(ValueError, match="method"):
        share_from_counts(5, 40, method="exact")


def test_survey_options_are_checked():
    frame = srs_frame(5, 40)
    with pytest.raises(ValueError, match="method"):
        estimate_share(frame, variable="y", weights="w", method="score")
    with pytest.raises(ValueError, match="lonely_psu"):
        estimate_share(frame, variable="y", weights="w", lonely_psu="drop")
    with pytest.raises(SchemaError, match="nope"):
        estimate_share(frame, variable="nope", weights="w")
    with pytest.raises(SurveyError, match="must be 0/1"):
        estimate_share(frame.with_columns(y=pl.col("y") * 2), variable="y", weights="w")


def test_survey_likelihood_profile_extends_past_r_steps():
    rows = [(1.0, 0, "b")] + [(1.0, 1, "a")] * 6 + [(2.0, 1, "a")]
    frame = pl.DataFrame(rows, schema=["w", "y", "s"], orient="row")
    row = estimate_share(frame, variable="y", weights="w", strata="s", lonely_psu="certainty", method="likelihood").row(0, named=True)
    assert row["ci_lower"] < row["estimate"] < row["ci_upper"] < 1.0


def test_survey_simulation_is_labelled_and_reproducible():
    first = simulate_enterprise_survey(seed=9, n=600)
    second = simulate_enterprise_survey(seed=9, n=600)
    assert first.equals(second)
    assert first["simulated"].all()
    assert round(first["weight"].sum()) == 23722


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.5, 50.0), st.integers(0, 1), st.sampled_from("abc")), min_size=8, max_size=60),
    st.sampled_from(["logit", "likelihood", "asin", "beta", "mean", "xlogit", "wald", "wilson"]),
)
@example(  # the likelihood profile needs more than R's 9 steps to reach the upper cut
    [(1.0, 0, "b"), (1.0, 1, "a"), (1.0, 1, "a"), (1.0, 1, "a"), (1.0, 1, "a"), (1.0, 1, "a"), (1.0, 1, "a"), (2.0, 1, "a")],
    "likelihood",
)
def test_survey_estimates_lie_in_unit_interval(rows, method):
    frame = pl.DataFrame(rows, schema=["w", "y", "s"], orient="row")
    result = estimate_share(frame, variable="y", weights="w", strata="s", lonely_psu="certainty", method=method)
    row = result.row(0, named=True)
    assert 0.0 <= row["estimate"] <= 1.0
    if row["ci_lower"] is not None and method not in ("mean", "wald"):
        assert -1e-12 <= row["ci_lower"] <= row["estimate"] + 1e-12
        assert row["estimate"] - 1e-12 <= row["ci_upper"] <= 1.0 + 1e-12


# R survey 4.1.1: svydesign(id = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE) on apistrat,
# no fpc; svyciprop(~yes, design, method = m): estimate, se, lower, upper (degf 159).
R_CLUSTERED = {
    "logit": (0.827948011002, 0.028488847399, 0.764258585497, 0.877195545664),
    "likelihood": (0.827948011002, 0.028488847399, 0.766905315268, 0.879304209435),
    "beta": (0.827948011416, 0.028488847399, 0.763712874753, 0.880718839871),
    "mean": (0.827948011416, 0.028488847399, 0.771682645697, 0.884213377135),
}
# The same design, svyby(~yes, ~yr.rnd, design, svyciprop, method = "logit"): rows No, Yes.
R_CLUSTERED_DOMAINS = [
    (0.815435007676, 0.029648184660, 0.749578138074, 0.867044578396),
    (0.906446686862, 0.059666722752, 0.683801150767, 0.977482896588),
]


@needs_reference
@pytest.mark.parametrize("method", sorted(R_CLUSTERED))
def test_survey_clustered_design_matches_r(method):
    data = apistrat().with_columns(pl.read_csv(REFERENCE / "apistrat.csv", columns=["dnum"])["dnum"])
    row = estimate_share(data, variable="yes", weights="pw", strata="stype", clusters="dnum", method=method).row(0, named=True)
    assert row["df"] == 159
    values = (row["estimate"], row["se"], row["ci_lower"], row["ci_upper"])
    assert max(abs(a - b) for a, b in zip(values, R_CLUSTERED[method])) < TOLERANCE


@needs_reference
def test_survey_clustered_domains_match_r():
    data = apistrat().with_columns(pl.read_csv(REFERENCE / "apistrat.csv", columns=["dnum"])["dnum"])
    result = estimate_share(data, variable="yes", weights="pw", strata="stype", clusters="dnum", by="yr.rnd", overall=False)
    for got, expected in zip(result.iter_rows(named=True), R_CLUSTERED_DOMAINS):
        values = (got["estimate"], got["se"], got["ci_lower"], got["ci_upper"])
        assert max(abs(a - b) for a, b in zip(values, expected)) < TOLERANCE


# R survey 4.1.1 on apistrat (strata stype, weights pw, fpc fpc) with yes set to NA in
# rows 1, 18, 35, … (every 17th, 12 rows): svyciprop(~yes, design, method = m, na.rm = TRUE).
R_MISSING = {
    "logit": (0.822878408992, 0.025644173040, 0.766560535061, 0.867949959309),
    "likelihood": (0.822878408992, 0.025644173040, 0.768432481834, 0.869748386338),
    "beta": (0.822878408992, 0.025644173040, 0.766124389065, 0.870768875565),
    "mean": (0.822878408992, 0.025644173040, 0.772306073001, 0.873450744984),
}
# The same data, svyby(~yes, ~yr.rnd, design, svyciprop, method = "likelihood", na.rm = TRUE), row No.
R_MISSING_DOMAIN = (0.808629699972, 0.028669167961, 0.747776694730, 0.860965114954)


def apistrat_with_missing() -> pl.DataFrame:
    data = apistrat().with_row_index("row")
    return data.with_columns(yes=pl.when(pl.col("row") % 17 == 0).then(None).otherwise(pl.col("yes")))


@needs_reference
@pytest.mark.parametrize("method", sorted(R_MISSING))
def test_survey_missing_responses_match_r_na_rm(method):
    data = apistrat_with_missing()
    row = estimate_share(data, variable="yes", weights="pw", strata="stype", fpc="fpc", method=method).row(0, named=True)
    assert row["n_missing"] == 12
    # R keeps the design's 197 degrees of freedom: rows without a response still count.
    assert row["df"] == 197
    values = (row["estimate"], row["se"], row["ci_lower"], row["ci_upper"])
    assert max(abs(a - b) for a, b in zip(values, R_MISSING[method])) < TOLERANCE


@needs_reference
def test_survey_missing_responses_in_domain_match_r():
    data = apistrat_with_missing()
    result = estimate_share(
        data, variable="yes", weights="pw", strata="stype", fpc="fpc", by="yr.rnd", overall=False, method="likelihood",
    )
    got = result.row(0, named=True)
    values = (got["estimate"], got["se"], got["ci_lower"], got["ci_upper"])
    assert max(abs(a - b) for a, b in zip(values, R_MISSING_DOMAIN)) < TOLERANCE


@needs_reference
def test_survey_ratio_mean_total_match_r():
    data = apistrat()
    design = dict(weights="pw", strata="stype", fpc="fpc")
    # R survey 4.1.1: svyratio(~api00, ~api99, dstrat).
    ratio = estimate(data, variable="api00", denominator="api99", quantity="ratio", **design).row(0, named=True)
    assert abs(ratio["estimate"] - 1.052260546218) < TOLERANCE
    assert abs(ratio["se"] - 0.003643922231) < TOLERANCE
    # R survey 4.1.1: svyby(~api00, ~yr.rnd, dstrat, svymean), rows No and Yes.
    means = estimate(data, variable="api00", quantity="mean", by="yr.rnd", overall=False, **design)
    assert means["estimate"].to_list() == pytest.approx([676.2839522785, 574.4816108844], abs=1e-8)
    assert means["se"].to_list() == pytest.approx([9.6395352203, 22.2375657015], abs=1e-8)
    # R survey 4.1.1: svyby(~enroll, ~yr.rnd, dstrat, svytotal), rows No and Yes.
    totals = estimate(data, variable="enroll", quantity="total", by="yr.rnd", overall=False, **design)
    assert totals["estimate"].to_list() == pytest.approx([3073286.18928337, 613891.34315491], rel=1e-12)
    assert totals["se"].to_list() == pytest.approx([116817.01024104, 128653.92003634], rel=1e-10)


def test_survey_null_domain_values_form_na_domain():
    frame = pl.DataFrame({"w": [1.0] * 6, "g": ["a", None, "a", "b", None, "b"], "y": [1, 0, 1, 0, 1, 0]})
    result = estimate_share(frame, variable="y", weights="w", by="g", overall=False)
    assert result["domain"].to_list() == ["NA", "a", "b"]
    assert result["n"].to_list() == [2, 2, 2]


def test_survey_boolean_variable_and_integer_strata():
    frame = pl.DataFrame({"w": [2.0] * 8, "s": [1, 1, 1, 1, 2, 2, 2, 2], "y": [True, False] * 4})
    as_bool = estimate_share(frame, variable="y", weights="w", strata="s").row(0, named=True)
    as_int = estimate_share(frame.with_columns(pl.col("y").cast(pl.Int64)), variable="y", weights="w", strata="s").row(0, named=True)
    assert as_bool["estimate"] == 0.5
    assert as_bool == as_int
