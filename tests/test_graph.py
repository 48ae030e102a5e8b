import pytest

from interpbench_harness.graph import (
    Circuit,
    Edge,
    NodeKind,
    Port,
    head_node,
    input_node,
    mlp_node,
    output_node,
    parse_edge,
    parse_node,
    promote,
    universe,
)

# InterpBench's universe sizes after promotion, 4 heads per layer (reference, section 2).
REFERENCE_SIZES = {2: (12, 53), 3: (17, 117), 4: (22, 206), 5: (27, 320), 6: (32, 459)}


@pytest.mark.parametrize("n_layers", sorted(REFERENCE_SIZES))
def test_universe_matches_interpbench_sizes(n_layers):
    graph = universe(n_layers, 4)
    assert (len(graph.nodes), len(graph.edges)) == REFERENCE_SIZES[n_layers]


@pytest.mark.parametrize("n_layers,n_heads", [(1, 1), (2, 4), (3, 2)])
def test_qkv_universe_promotes_to_head_universe(n_layers, n_heads):
    qkv = universe(n_layers, n_heads, qkv=True)
    assert promote(qkv) == universe(n_layers, n_heads)
    into_heads = [e for e in qkv.edges if e.receiver.kind is NodeKind.HEAD]
    assert all(e.port is not None for e in into_heads)
    assert len(into_heads) == 3 * len({e.promoted() for e in into_heads})


def test_edges_only_go_downstream_and_skip_input_to_output():
    graph = universe(2, 2)
    names = {e.name for e in graph.edges}
    assert "blocks.0.attn.hook_result[0]->blocks.0.attn.hook_result[1]" not in names
    assert "blocks.1.hook_mlp_out->blocks.1.attn.hook_result[0]" not in names
    assert "blocks.0.attn.hook_result[1]->blocks.0.hook_mlp_out" in names
    assert "blocks.0.hook_resid_pre->blocks.1.hook_resid_post" not in names
    assert all(e.sender.stage < e.receiver.stage for e in graph.edges)


def test_names_round_trip():
    for qkv in (False, True):
        for edge in universe(3, 2, qkv=qkv).edges:
            assert parse_edge(edge.name, 3) == edge
    assert parse_node("blocks.2.hook_resid_post", 3) == output_node(3)


def test_bad_names_say_what_is_expected():
    with pytest.raises(ValueError, match="hook_result"):
        parse_node("blocks.0.attn.hook_z[1]", 2)
    with pytest.raises(ValueError, match="SENDER->RECEIVER"):
        parse_edge("blocks.0.hook_mlp_out", 2)


def test_promotion_merges_ports_of_one_sender():
    head = head_node(1, 0)
    circuit = Circuit.from_edges(
        [Edge(input_node(), head, Port.Q), Edge(input_node(), head, Port.K), Edge(mlp_node(0), head, Port.V)]
    )
    assert promote(circuit).edges == {Edge(input_node(), head), Edge(mlp_node(0), head)}
    assert promote(circuit).nodes == circuit.nodes


def test_embedding_a_circuit_in_a_deeper_model_moves_only_the_output_node():
    one_layer = Circuit.from_edges([Edge(input_node(), mlp_node(0)), Edge(mlp_node(0), output_node(1))])
    deeper = one_layer.embedded(3)
    assert deeper.edges == {Edge(input_node(), mlp_node(0)), Edge(mlp_node(0), output_node(3))}
    assert output_node(3).name == "blocks.2.hook_resid_post" and deeper.nodes == {input_node(), mlp_node(0), output_node(3)}
    assert one_layer.embedded(1) == one_layer
