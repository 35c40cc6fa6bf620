"""Training graphs of vision transformers in linalg, forward and backward.

``train_step_graph(config, batch)`` returns the MLIR text of one function
that takes the parameters (each named with ``mx.name`` as in timm), the
images and one-hot labels, and returns the gradient of every parameter
followed by the cross-entropy loss. The backward pass is written out by
hand, op by op, in the forms a torch-mlir export has; ``numpy_loss`` is an
independent forward implementation for checking it.

    python3 -m mx.vit deit-tiny --batch 32 > deit_tiny_step.mlir
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys

import numpy as np

from mx.graph import Graph, Tensor


@dataclasses.dataclass(frozen=True)
class ViTConfig:
    image: int = 8
    patch: int = 4
    channels: int = 3
    dim: int = 32
    depth: int = 2
    heads: int = 2
    mlp: int = 64
    classes: int = 10
    eps: float = 1e-6

    @property
    def patches(self) -> int:
        return (self.image // self.patch) ** 2

    @property
    def tokens(self) -> int:
        return self.patches + 1


CONFIGS = {
    "tiny-test": ViTConfig(),
    "deit-tiny": ViTConfig(224, 16, 3, 192, 12, 3, 768, 1000),
    "deit-small": ViTConfig(224, 16, 3, 384, 12, 6, 1536, 1000),
    "deit-base": ViTConfig(224, 16, 3, 768, 12, 12, 3072, 1000),
}


def parameter_shapes(cfg: ViTConfig):
    """(name, shape) of every parameter, in timm's named_parameters order."""
    d, p = cfg.dim, cfg.patch
    shapes = [
        ("cls_token", (1, 1, d)),
        ("pos_embed", (1, cfg.tokens, d)),
        ("patch_embed.weight", (d, cfg.channels, p, p)),
        ("patch_embed.bias", (d,)),
    ]
    for i in range(cfg.depth):
        b = f"blocks.{i}"
        shapes += [
            (f"{b}.norm1.weight", (d,)),
            (f"{b}.norm1.bias", (d,)),
            (f"{b}.attn.qkv.weight", (3 * d, d)),
            (f"{b}.attn.qkv.bias", (3 * d,)),
            (f"{b}.attn.proj.weight", (d, d)),
            (f"{b}.attn.proj.bias", (d,)),
            (f"{b}.norm2.weight", (d,)),
            (f"{b}.norm2.bias", (d,)),
            (f"{b}.mlp.fc1.weight", (cfg.mlp, d)),
            (f"{b}.mlp.fc1.bias", (cfg.mlp,)),
            (f"{b}.mlp.fc2.weight", (d, cfg.mlp)),
            (f"{b}.mlp.fc2.bias", (d,)),
        ]
    shapes += [
        ("norm.weight", (d,)),
        ("norm.bias", (d,)),
        ("head.weight", (cfg.classes, d)),
        ("head.bias", (cfg.classes,)),
    ]
    return shapes


class _Builder:
    """Forward and backward of the ViT layers on one Graph."""

    def __init__(self, g: Graph):
        self.g = g
        self.dt = g.dtype

    # -- linear layer: Y = X W^T + b, X as [N, D] -------------------------------

    def linear(self, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
        g = self.g
        return g.add(g.matmul(x, g.t(w)), b)

    def linear_backward(self, dy: Tensor, x: Tensor, w: Tensor, need_dx=True):
        g = self.g
        dx = g.matmul(dy, w) if need_dx else None
        dw = g.matmul(g.t(dy), x)
        db = g.column_sum(dy)
        return dx, dw, db

    # -- LayerNorm over the last dimension of [N, D] ------------------------------

    def layer_norm(self, x: Tensor, gamma: Tensor, beta: Tensor, eps: float):
        g, dt = self.g, self.dt
        d = x.shape[-1]
        mean = g.scale(g.reduce_last(x), 1.0 / d)
        centered = g.sub(x, mean)
        var = g.scale(g.reduce_last(g.mul(centered, centered)), 1.0 / d)
        eps_c = g.scalar(eps)
        rstd = g.map(lambda e, v: e(f"math.rsqrt {e(f'arith.addf {v}, {eps_c} : {dt}')} : {dt}"), var)
        xhat = g.mul(centered, rstd)
        y = g.add(g.mul(xhat, gamma), beta)
        return y, (xhat, rstd, gamma)

    def layer_norm_backward(self, dy: Tensor, saved):
        g = self.g
        xhat, rstd, gamma = saved
        d = xhat.shape[-1]
        dgamma = g.column_sum(g.mul(dy, xhat))
        dbeta = g.column_sum(dy)
        dxhat = g.mul(dy, gamma)
        mean_dxhat = g.scale(g.reduce_last(dxhat), 1.0 / d)
        mean_dxhat_xhat = g.scale(g.reduce_last(g.mul(dxhat, xhat)), 1.0 / d)
        inner = g.sub(g.sub(dxhat, mean_dxhat), g.mul(xhat, mean_dxhat_xhat))
        return g.mul(inner, rstd), dgamma, dbeta

    # -- GELU (erf form, as nn.GELU) ------------------------------------------------

    def gelu(self, x: Tensor) -> Tensor:
        g, dt = self.g, self.dt
        half, inv_sqrt2, one = g.scalar(0.5), g.scalar(1 / math.sqrt(2)), g.scalar(1.0)

        def body(e, v):
            erf = e(f"math.erf {e(f'arith.mulf {v}, {inv_sqrt2} : {dt}')} : {dt}")
            return e(f"arith.mulf {e(f'arith.mulf {v}, {half} : {dt}')}, {e(f'arith.addf {erf}, {one} : {dt}')} : {dt}")

        return g.map(body, x)

    def gelu_backward(self, dy: Tensor, x: Tensor) -> Tensor:
        g, dt = self.g, self.dt
        half, inv_sqrt2, one = g.scalar(0.5), g.scalar(1 / math.sqrt(2)), g.scalar(1.0)
        neg_half, inv_sqrt2pi = g.scalar(-0.5), g.scalar(1 / math.sqrt(2 * math.pi))

        def body(e, d, v):
            scaled = e(f"arith.mulf {v}, {inv_sqrt2} : {dt}")
            erf = e(f"math.erf {scaled} : {dt}")
            cdf = e(f"arith.mulf {e(f'arith.addf {erf}, {one} : {dt}')}, {half} : {dt}")
            exponent = e(f"arith.mulf {e(f'arith.mulf {v}, {v} : {dt}')}, {neg_half} : {dt}")
            pdf = e(f"arith.mulf {e(f'math.exp {exponent} : {dt}')}, {inv_sqrt2pi} : {dt}")
            slope = e(f"arith.addf {cdf}, {e(f'arith.mulf {v}, {pdf} : {dt}')} : {dt}")
            return e(f"arith.mulf {d}, {slope} : {dt}")

        return g.map(body, dy, x)

    # -- softmax over the last dimension -----------------------------------------------

    def softmax(self, x: Tensor) -> Tensor:
        g, dt = self.g, self.dt
        shifted = g.sub(x, g.reduce_last(x, "max"))
        exp = g.map(lambda e, v: e(f"math.exp {v} : {dt}"), shifted)
        return g.binary("divf", exp, g.reduce_last(exp))

    def softmax_backward(self, dp: Tensor, p: Tensor) -> Tensor:
        g = self.g
        return g.mul(p, g.sub(dp, g.reduce_last(g.mul(dp, p))))


def train_step_graph(cfg: ViTConfig, batch: int, dtype: str = "f32", name: str = "vit_train_step") -> str:
    """The MLIR text of one training-step gradient function."""
    g = Graph(name, dtype)
    nn = _Builder(g)
    params = {n: g.arg(shape, n) for n, shape in parameter_shapes(cfg)}
    c, p, d, h = cfg.channels, cfg.patch, cfg.dim, cfg.heads
    hd, t, np_ = d // h, cfg.tokens, cfg.patches
    side = cfg.image // p
    n = batch * t
    images = g.arg((batch, c, cfg.image, cfg.image), "images", kind="input")
    labels = g.arg((batch, cfg.classes), "labels", kind="input")
    grads = {}

    # Patch embedding: a stride-p convolution as patches x W^T.
    blocks6 = g.expand(images, [[0], [1], [2, 3], [4, 5]], (batch, c, side, p, side, p))
    patch6 = g.transpose(blocks6, [0, 2, 4, 1, 3, 5])
    patches = g.collapse(patch6, [[0, 1, 2], [3, 4, 5]])
    pe_w = g.collapse(params["patch_embed.weight"], [[0], [1, 2, 3]])
    emb = g.expand(nn.linear(patches, pe_w, params["patch_embed.bias"]), [[0, 1], [2]], (batch, np_, d))

    # [cls; patches] + pos.
    cls_b = g.map(lambda e, v: v, params["cls_token"], shape=(batch, 1, d))
    seq = g.insert_slice(cls_b, g.full((batch, t, d), 0.0), [0, 0, 0])
    seq = g.insert_slice(emb, seq, [0, 1, 0])
    x = g.collapse(g.add(seq, params["pos_embed"]), [[0, 1], [2]])

    saved = []
    scale = hd ** -0.5
    for i in range(cfg.depth):
        b = f"blocks.{i}"
        s = {"x_in": x}
        h1, s["ln1"] = nn.layer_norm(x, params[f"{b}.norm1.weight"], params[f"{b}.norm1.bias"], cfg.eps)
        s["h1"] = h1
        qkv = nn.linear(h1, params[f"{b}.attn.qkv.weight"], params[f"{b}.attn.qkv.bias"])
        qkv5 = g.expand(qkv, [[0, 1], [2, 3, 4]], (batch, t, 3, h, hd))
        heads = []
        for which in range(3):
            part = g.generic([(qkv5, ["d0", "d2", str(which), "d1", "d3"])], (batch, h, t, hd), lambda e, v, o: v)
            heads.append(g.collapse(part, [[0, 1], [2], [3]]))
        q, k, v = heads
        scores = g.scale(g.batch_matmul(q, g.t(k)), scale)
        probs = nn.softmax(scores)
        ctx = g.batch_matmul(probs, v)
        ctx4 = g.transpose(g.expand(ctx, [[0, 1], [2], [3]], (batch, h, t, hd)), [0, 2, 1, 3])
        ctx2 = g.collapse(ctx4, [[0, 1], [2, 3]])
        s.update(q=q, k=k, v=v, probs=probs, ctx2=ctx2)
        x = g.add(x, nn.linear(ctx2, params[f"{b}.attn.proj.weight"], params[f"{b}.attn.proj.bias"]))
        h2, s["ln2"] = nn.layer_norm(x, params[f"{b}.norm2.weight"], params[f"{b}.norm2.bias"], cfg.eps)
        f1 = nn.linear(h2, params[f"{b}.mlp.fc1.weight"], params[f"{b}.mlp.fc1.bias"])
        act = nn.gelu(f1)
        x = g.add(x, nn.linear(act, params[f"{b}.mlp.fc2.weight"], params[f"{b}.mlp.fc2.bias"]))
        s.update(h2=h2, f1=f1, act=act)
        saved.append(s)

    hn, ln_final = nn.layer_norm(x, params["norm.weight"], params["norm.bias"], cfg.eps)
    cls = g.collapse(g.extract_slice(g.expand(hn, [[0, 1], [2]], (batch, t, d)), [0, 0, 0], [batch, 1, d]), [[0], [1, 2]])
    logits = nn.linear(cls, params["head.weight"], params["head.bias"])

    # Cross-entropy with one-hot labels, averaged over the batch.
    dt = dtype
    m = g.reduce_last(logits, "max")
    shifted = g.sub(logits, m)
    exp = g.map(lambda e, v: e(f"math.exp {v} : {dt}"), shifted)
    sumexp = g.reduce_last(exp)
    lse = g.add(g.map(lambda e, v: e(f"math.log {v} : {dt}"), sumexp), m)
    picked = g.reduce_last(g.mul(logits, labels))
    loss = g.scale(g.sum_all(g.sub(lse, picked)), 1.0 / batch)

    # Backward.
    dlogits = g.scale(g.sub(g.binary("divf", exp, sumexp), labels), 1.0 / batch)
    dcls, grads["head.weight"], grads["head.bias"] = nn.linear_backward(dlogits, cls, params["head.weight"])
    dhn = g.insert_slice(g.expand(dcls, [[0], [1, 2]], (batch, 1, d)), g.full((batch, t, d), 0.0), [0, 0, 0])
    dx, grads["norm.weight"], grads["norm.bias"] = nn.layer_norm_backward(g.collapse(dhn, [[0, 1], [2]]), ln_final)

    for i in reversed(range(cfg.depth)):
        b, s = f"blocks.{i}", saved[i]
        dact, grads[f"{b}.mlp.fc2.weight"], grads[f"{b}.mlp.fc2.bias"] = nn.linear_backward(
            dx, s["act"], params[f"{b}.mlp.fc2.weight"])
        df1 = nn.gelu_backward(dact, s["f1"])
        dh2, grads[f"{b}.mlp.fc1.weight"], grads[f"{b}.mlp.fc1.bias"] = nn.linear_backward(
            df1, s["h2"], params[f"{b}.mlp.fc1.weight"])
        dln2, grads[f"{b}.norm2.weight"], grads[f"{b}.norm2.bias"] = nn.layer_norm_backward(dh2, s["ln2"])
        dx = g.add(dx, dln2)
        dctx2, grads[f"{b}.attn.proj.weight"], grads[f"{b}.attn.proj.bias"] = nn.linear_backward(
            dx, s["ctx2"], params[f"{b}.attn.proj.weight"])
        dctx4 = g.transpose(g.expand(dctx2, [[0, 1], [2, 3]], (batch, t, h, hd)), [0, 2, 1, 3])
        dctx = g.collapse(dctx4, [[0, 1], [2], [3]])
        dprobs = g.batch_matmul(dctx, g.t(s["v"]))
        dv = g.batch_matmul(g.t(s["probs"]), dctx)
        dscores = g.scale(nn.softmax_backward(dprobs, s["probs"]), scale)
        dq = g.batch_matmul(dscores, s["k"])
        dk = g.batch_matmul(g.t(dscores), s["q"])
        parts = [g.expand(x_, [[0, 1], [2], [3]], (batch, h, t, hd)) for x_ in (dq, dk, dv)]
        index_exprs = ["d0", "d3", "d1", "d4"]

        def assemble(e, dqv, dkv, dvv, out):
            which = e("linalg.index 2 : index")
            zero = e("arith.constant 0 : index")
            one = e("arith.constant 1 : index")
            is_q = e(f"arith.cmpi eq, {which}, {zero} : index")
            is_k = e(f"arith.cmpi eq, {which}, {one} : index")
            kv = e(f"arith.select {is_k}, {dkv}, {dvv} : {dt}")
            return e(f"arith.select {is_q}, {dqv}, {kv} : {dt}")

        dqkv5 = g.generic([(part, index_exprs) for part in parts], (batch, t, 3, h, hd), assemble)
        dqkv = g.collapse(dqkv5, [[0, 1], [2, 3, 4]])
        dh1, grads[f"{b}.attn.qkv.weight"], grads[f"{b}.attn.qkv.bias"] = nn.linear_backward(
            dqkv, s["h1"], params[f"{b}.attn.qkv.weight"])
        dln1, grads[f"{b}.norm1.weight"], grads[f"{b}.norm1.bias"] = nn.layer_norm_backward(dh1, s["ln1"])
        dx = g.add(dx, dln1)

    dseq = g.expand(dx, [[0, 1], [2]], (batch, t, d))
    sum_batch = dict(reduce=[0], out_exprs=["0", "d1", "d2"], init=0.0)
    grads["pos_embed"] = g.generic([(dseq, ["d0", "d1", "d2"])], (batch, t, d),
                                   lambda e, v, o: e(f"arith.addf {v}, {o} : {dt}"),
                                   result_shape=(1, t, d), **sum_batch)
    dcls_tok = g.extract_slice(dseq, [0, 0, 0], [batch, 1, d])
    grads["cls_token"] = g.generic([(dcls_tok, ["d0", "d1", "d2"])], (batch, 1, d),
                                   lambda e, v, o: e(f"arith.addf {v}, {o} : {dt}"),
                                   result_shape=(1, 1, d), **sum_batch)
    demb = g.collapse(g.extract_slice(dseq, [0, 1, 0], [batch, np_, d]), [[0, 1], [2]])
    _, dpe, grads["patch_embed.bias"] = nn.linear_backward(demb, patches, pe_w, need_dx=False)
    grads["patch_embed.weight"] = g.expand(dpe, [[0], [1, 2, 3]], (d, c, p, p))

    results = [grads[name] for name, _ in parameter_shapes(cfg)] + [loss]
    return g.function(results)


# ---------------------------------------------------------------------------
# An independent forward pass in numpy, for checking the graph.
# ---------------------------------------------------------------------------


def _erf(x):
    # numpy has no erf; math.erf per element is exact enough for float64.
    return np.vectorize(math.erf)(x)


def numpy_loss(cfg: ViTConfig, params: dict, images, labels) -> float:
    """The cross-entropy loss of the ViT, in float64, written with numpy."""
    P = {k: np.asarray(v, np.float64) for k, v in params.items()}
    b = images.shape[0]
    p, d, h = cfg.patch, cfg.dim, cfg.heads
    hd, side = d // h, cfg.image // p

    def layer_norm(x, w, bias):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + cfg.eps) * w + bias

    # Convolution with stride = kernel = p, written as a sum over the kernel.
    img = np.asarray(images, np.float64).reshape(b, cfg.channels, side, p, side, p)
    emb = np.einsum("bcipjq,dcpq->bijd", img, P["patch_embed.weight"]) + P["patch_embed.bias"]
    x = np.concatenate([np.broadcast_to(P["cls_token"], (b, 1, d)), emb.reshape(b, -1, d)], axis=1)
    x = x + P["pos_embed"]
    for i in range(cfg.depth):
        pre = f"blocks.{i}"
        y = layer_norm(x, P[f"{pre}.norm1.weight"], P[f"{pre}.norm1.bias"])
        qkv = y @ P[f"{pre}.attn.qkv.weight"].T + P[f"{pre}.attn.qkv.bias"]
        qkv = qkv.reshape(b, -1, 3, h, hd).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        s = q @ k.transpose(0, 1, 3, 2) * hd ** -0.5
        s = np.exp(s - s.max(-1, keepdims=True))
        s = s / s.sum(-1, keepdims=True)
        a = (s @ v).transpose(0, 2, 1, 3).reshape(b, -1, d)
        x = x + a @ P[f"{pre}.attn.proj.weight"].T + P[f"{pre}.attn.proj.bias"]
        y = layer_norm(x, P[f"{pre}.norm2.weight"], P[f"{pre}.norm2.bias"])
        f = y @ P[f"{pre}.mlp.fc1.weight"].T + P[f"{pre}.mlp.fc1.bias"]
        f = 0.5 * f * (1 + _erf(f / math.sqrt(2)))
        x = x + f @ P[f"{pre}.mlp.fc2.weight"].T + P[f"{pre}.mlp.fc2.bias"]
    x = layer_norm(x, P["norm.weight"], P["norm.bias"])
    logits = x[:, 0] @ P["head.weight"].T + P["head.bias"]
    m = logits.max(-1, keepdims=True)
    lse = np.log(np.exp(logits - m).sum(-1)) + m[:, 0]
    return float(np.mean(lse - (logits * labels).sum(-1)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", choices=sorted(CONFIGS))
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--dtype", default="f32", choices=["f32", "f64"])
    args = parser.parse_args(argv)
    sys.stdout.write(train_step_graph(CONFIGS[args.model], args.batch, args.dtype))
    return 0


if __name__ == "__main__":
    sys.exit(main())
