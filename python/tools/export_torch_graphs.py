"""Exports joint forward+backward training graphs of timm-style ViT models
from PyTorch to linalg-on-tensors MLIR with torch-mlir, as test fixtures for
--mx-tetrajet.

Needs torch and torch-mlir from PyPI (pip install torch torch-mlir); the
tests only read the files it writes, so neither is needed to run them:

    python3 python/tools/export_torch_graphs.py test/Dialect/MX/Transforms/Inputs

The graph is make_fx over torch.func.grad_and_value of the loss, decomposed
with PyTorch's core ATen decompositions and imported with torch-mlir's FX
importer. Arguments are the parameters (in named_parameters order) and the
inputs; each parameter argument gets an `mx.name` attribute with its name.
Results are the gradients (parameters, then inputs) and the loss.
"""

import pathlib
import re
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch._decomp import core_aten_decompositions
from torch.fx.experimental.proxy_tensor import make_fx
from torch.func import functional_call, grad_and_value
from torch_mlir import fx


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        # Indexing rather than unbind: torch-mlir cannot lower the squeeze
        # that unbind decomposes into.
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * self.scale
        attn = attn.softmax(dim=-1)
        x = (attn @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(x)


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio=2):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, dim * mlp_ratio)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, img=8, patch=4, chans=3, dim=32, depth=2, heads=2, classes=10):
        super().__init__()
        self.patch_embed = nn.Conv2d(chans, dim, patch, stride=patch)
        tokens = (img // patch) ** 2 + 1
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, images):
        x = self.patch_embed(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        x = self.blocks(x + self.pos_embed)
        return self.head(self.norm(x)[:, 0])


def export(model, inputs, loss_of_output, name):
    params = {k: v.detach() for k, v in model.named_parameters()}

    def loss_fn(params, *inputs):
        output = functional_call(model, params, inputs[:1])
        return loss_of_output(output, *inputs)

    table = dict(core_aten_decompositions())
    # torch-mlir cannot lower aten.squeeze.dims, which several decompositions
    # (logsumexp, select) produce: express it as a reshape.
    def squeeze_dims(x, dims):
        dims = [d % x.dim() for d in dims]
        shape = [s for i, s in enumerate(x.shape) if not (i in dims and s == 1)]
        return torch.ops.aten.view.default(x, shape)

    table[torch.ops.aten.squeeze.dims] = squeeze_dims
    graph = make_fx(grad_and_value(loss_fn, argnums=(0,)), decomposition_table=table)(
        params, *inputs
    )
    module = fx.stateless_fx_import(graph, output_type="linalg-on-tensors", model_name=name)
    text = str(module)
    # Name the parameter arguments.
    names = list(params)

    def name_arg(match):
        index = int(match.group(1))
        attr = f' {{mx.name = "{names[index]}"}}' if index < len(names) else ""
        return f"%arg{index}: {match.group(2)}{attr}"

    header_end = text.index("{\n", text.index(f"func.func @{name}("))
    header = re.sub(r"%arg(\d+): (tensor<[^>]*>)", name_arg, text[:header_end])
    return header + text[header_end:]


def main(argv):
    out = pathlib.Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)

    block = Block(dim=32, heads=2)
    tokens = torch.randn(4, 8, 32)
    banner = "// Exported by python/tools/export_torch_graphs.py ({}). Do not edit.\n"
    text = export(block, (tokens,), lambda y, x: (y * y).mean(), "vit_block_step")
    (out / "torch-vit-block.mlir").write_text(banner.format("a ViT block, loss mean(y^2)") + text)

    vit = VisionTransformer()
    images = torch.randn(32, 3, 8, 8)
    labels = F.one_hot(torch.randint(0, 10, (32,)), 10).float()

    def cross_entropy(logits, images, one_hot):
        # Written out with a one-hot target, which keeps the labels a float
        # input of the graph.
        return (torch.logsumexp(logits, -1) - (logits * one_hot).sum(-1)).mean()

    text = export(vit, (images, labels), cross_entropy, "vit_step")
    (out / "torch-vit-small.mlir").write_text(
        banner.format("a depth-2 ViT on 8x8 images, cross-entropy loss") + text
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
