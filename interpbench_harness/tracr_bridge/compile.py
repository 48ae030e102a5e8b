"""Compile a case's RASP program with tracr, keeping the intermediate craft model.

`tracr.compiler.compiling.compile_rasp_to_model` returns only the assembled model, but the
ground truth needs the craft model (which residual directions each block reads and writes),
so we run the compiler's public stages ourselves, in its own order.

Importing this module imports JAX; keep it out of code paths that only load cached cases.
"""

from __future__ import annotations

import collections
import dataclasses
from typing import Dict, List, Sequence

import haiku as hk
import jax
import numpy as np
from tracr.compiler import (
    assemble,
    basis_inference,
    craft_graph_to_model,
    craft_model_to_transformer,
    expr_to_craft_graph,
    nodes,
    rasp_to_graph,
    validating,
)
from tracr.craft import bases, transformers
from tracr.rasp import rasp

from interpbench_harness.cases.spec import BOS, PAD, CaseSpec

MLP_EXACTNESS = 100  # tracr's default: how finely numerical MLPs approximate their function


class CompileError(RuntimeError):
    """tracr refused a case's program."""


@dataclasses.dataclass
class TracrCompilation:
    spec: CaseSpec
    assembled: assemble.AssembledTransformerModel
    craft_model: transformers.SeriesWithResiduals
    output_directions: List[bases.BasisDirection]  # the sink's basis, in unembedding order

    @property
    def token_to_id(self) -> Dict[object, int]:
        return dict(self.assembled.input_encoder.encoding_map)

    @property
    def output_values(self) -> List[object]:
        """The value each output logit stands for (categorical), or [None] (numerical)."""
        return [d.value for d in self.output_directions]


FIRST_EXPRESSION_ID = 1000  # four digits for every id below 10000, so labels sort by id


def number_expressions(program: rasp.RASPExpr) -> None:
    """Give every expression of `program` a fixed id, in the order tracr's graph walk meets them.

    tracr labels an unnamed expression `<kind>_<id>` with an id drawn from a process-wide
    counter, and sorts residual directions by label as text. So the same program compiled after
    other RASP work in the same process could come out with its residual in another order
    ("map_9" sorts after "map_10"), and with other weights. Fixed ids of equal length make the
    compilation independent of what the process did before. The walk is tracr's own
    (`rasp_to_graph.extract_rasp_graph`: breadth first from the output, children in order), so
    the order is the one a fresh process gives whenever its ids do not cross a power of ten.
    """
    order, seen, queue = [program], {id(program)}, collections.deque([program])
    while queue:
        for child in queue.popleft().children:
            if id(child) not in seen:
                seen.add(id(child))
                order.append(child)
                queue.append(child)
    next_id = FIRST_EXPRESSION_ID
    for expr in order:
        if not isinstance(expr, (rasp.TokensType, rasp.IndicesType, rasp.LengthType)):  # fixed labels
            expr.__dict__["unique_id"] = next_id  # overrides the cached property `unique_id`
            next_id += 1


def compile_case(spec: CaseSpec) -> TracrCompilation:
    """Run tracr's stages for `spec`; raises CompileError with tracr's reason on failure."""
    if not spec.supported:
        raise CompileError(f"case {spec.case_id} is marked unsupported: {spec.unsupported}")
    program = spec.build_program()
    number_expressions(program)
    unsupported = validating.static_validate(program)
    if unsupported:
        reasons = "; ".join(f"{u.expr.label}: {u.reason}" for u in unsupported)
        raise CompileError(f"case {spec.case_id}: tracr cannot compile the program: {reasons}")
    try:
        extracted = rasp_to_graph.extract_rasp_graph(program)
        graph, sources, sink = extracted.graph, extracted.sources, extracted.sink
        basis_inference.infer_bases(graph, sink, set(spec.vocab), spec.max_seq_len - 1)
        expr_to_craft_graph.add_craft_components_to_rasp_graph(
            graph,
            bos_dir=bases.BasisDirection(rasp.tokens.label, BOS),
            mlp_exactness=MLP_EXACTNESS,
        )
        craft_model = craft_graph_to_model.craft_graph_to_model(graph, sources)
        assembled = craft_model_to_transformer.craft_model_to_transformer(
            craft_model=craft_model,
            graph=graph,
            sink=sink,
            max_seq_len=spec.max_seq_len - 1,
            causal=spec.causal,
            compiler_bos=BOS,
            compiler_pad=PAD,
        )
    except (NotImplementedError, ValueError, KeyError, AssertionError) as error:
        raise CompileError(f"case {spec.case_id}: tracr failed: {error!r}") from error
    output_directions = list(bases.VectorSpaceWithBasis(sink[nodes.OUTPUT_BASIS]).basis)
    return TracrCompilation(spec, assembled, craft_model, output_directions)


def run_tracr(compilation: TracrCompilation, token_ids: np.ndarray) -> Dict[str, np.ndarray]:
    """Run the compiled tracr model on a batch of token ids, PAD keys masked.

    tracr's assembler builds its model without a pad token, so PAD would be attended to like a
    real token; we switch tracr's own key masking on, which makes outputs at real positions
    equal the RASP program's outputs on the unpadded sequence.

    Returns the final residual stream `[batch, pos, d_model]` and the output logits
    `[batch, pos, n_outputs]` (before tracr's argmax).
    """
    assembled = compilation.assembled
    pad_id = assembled.input_encoder.encoding_map[PAD]

    @hk.without_apply_rng
    @hk.transform
    def forward(tokens):
        model = assembled.get_compiled_model()
        model.pad_token = pad_id
        return model(tokens, use_dropout=False).transformer_output.output

    residual = np.asarray(jax.jit(forward.apply)(assembled.params, np.asarray(token_ids)))
    unembed = unembedding_matrix(compilation)
    return {"residual": residual, "logits": residual @ unembed}


def unembedding_matrix(compilation: TracrCompilation) -> np.ndarray:
    """Residual -> output logits; tracr keeps it out of the parameters, so rebuild it."""
    labels = compilation.assembled.residual_labels
    matrix = np.zeros((len(labels), len(compilation.output_directions)), dtype=np.float32)
    index = {label: i for i, label in enumerate(labels)}
    for j, direction in enumerate(compilation.output_directions):
        matrix[index[str(direction)], j] = 1.0
    return matrix


def layer_of_block(compilation: TracrCompilation) -> Sequence[int]:
    """The transformer layer each craft block was assembled into (tracr skips empty layers)."""
    _, module_names = assemble._get_model_config_and_module_names(compilation.craft_model)
    return [int(name.split("/")[1].split("_")[1]) for name in module_names]
