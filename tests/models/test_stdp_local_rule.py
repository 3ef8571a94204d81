from spikelearn.models import stdp_local_rule


def test_model_table_at_reduced_scale():
    # 100 iris and 20 digits epochs: BP's digits accuracies are 0.97-1.0 here (seeds 0-2; 0.985-1.0 at scale 0.25)
    result = stdp_local_rule.run(scale=0.1)
    table = result.metrics["accuracy_table"]
    assert len(table) == 2 * 2 * len(stdp_local_rule.PAIRS)  # two set-ups x (the rule, BP)
    assert all(v[0] >= 0.9 for k, v in table.items() if k.endswith("BP") and k.startswith("digits"))
    assert [c.claim.split(":")[0] for c in result.claims] == ["paper", "paper", "softmax", "softmax"]
