from spikelearn.models import feedback_types


def test_table_covers_every_kind_and_dfa_equals_fa_with_one_hidden_layer():
    result = feedback_types.run(scale=0.1)  # 3 epochs
    table = result.metrics["test_accuracy"]
    assert len(table) == 2 * (1 + 2 * 4)
    for kind in ("random", "random_sign", "binary", "binary_sign"):
        assert table[f"FA {kind}, 1 hidden"] == table[f"DFA {kind}, 1 hidden"]
        assert table[f"FA {kind}, 2 hidden"]["mean"] > 0.85  # every variant learns within 3 epochs
