"""Every tracr case is upstream InterpBench's case of the same id, field by field.

The facts (interpbench_harness/cases/upstream_facts.json) were computed by running upstream's
own programs; see cases.upstream_fidelity. A case passes only when its settings, its program
and reference on 200 upstream examples, its token and output encodings, its compiled
structure, its ground truth and its compiled model's outputs all equal upstream's.
"""

import pytest

from interpbench_harness.cases import registry, upstream_fidelity
from interpbench_harness.cases.spec import CaseSpec

UPSTREAM_IDS = sorted(upstream_fidelity.all_facts(), key=int)


def _spec(case_id: str) -> CaseSpec:
    return registry.get_case(case_id)


def _failures(checks):
    return "; ".join(check.describe() for check in checks if not check.ok)


def test_every_upstream_tracr_case_is_a_case_here():
    ours = {cid for cid, spec in registry.all_cases().items()
            if spec.loader is None and registry.origin_of(spec) != "tracrbench"}
    assert ours == set(UPSTREAM_IDS)


@pytest.mark.parametrize("case_id", UPSTREAM_IDS)
def test_settings_program_and_reference_match_upstream(case_id):
    spec = _spec(case_id)
    facts = upstream_fidelity.upstream_facts(case_id)
    checks = upstream_fidelity.spec_checks(spec, facts) + upstream_fidelity.program_checks(spec, facts)
    assert all(check.ok for check in checks), _failures(checks)


@pytest.mark.parametrize("case_id", UPSTREAM_IDS)
def test_encodings_structure_ground_truth_and_outputs_match_upstream(case_id, compiled_case):
    checks = upstream_fidelity.compiled_checks(compiled_case(case_id), upstream_fidelity.upstream_facts(case_id))
    assert all(check.ok for check in checks), _failures(checks)


def test_a_wrong_value_type_is_a_difference():
    assert upstream_fidelity.same_value([1, "a", None], [1, "a", None])
    assert not upstream_fidelity.same_value([True], [1])
    assert not upstream_fidelity.same_value([1.0], [1])
    assert not upstream_fidelity.same_value(["3"], [3])
    assert upstream_fidelity.same_value([0.30000000000000004], [0.3], tolerance=1e-9)
    assert not upstream_fidelity.same_value([0.30000000000000004], [0.3])


def test_a_changed_case_is_caught():
    """The check must fail for a lookalike: case 13 with 'end' instead of None at the last position."""
    import dataclasses

    spec = _spec("13")

    def lookalike(tokens):
        return spec.reference(tokens)[:-1] + ["end"]

    facts = upstream_fidelity.upstream_facts("13")
    checks = upstream_fidelity.program_checks(dataclasses.replace(spec, reference=lookalike), facts)
    reference_check = next(c for c in checks if c.field == "examples.reference")
    assert not reference_check.ok and reference_check.ours["disagree"] == 200
    wider = dataclasses.replace(spec, vocab=spec.vocab | {3})
    assert not next(c for c in upstream_fidelity.spec_checks(wider, facts) if c.field == "vocab").ok
