"""The main job: a DeiT-Tiny training graph rewritten by --mx-tetrajet, and a
small ViT's TetraJet training step run on the CPU.

    python3 -m mx.run_example [--out DIR]

1. Emits the forward+backward graph of DeiT-Tiny (batch 32, 197 tokens) in
   linalg with mx.vit, rewrites it with ``mx-opt --mx-tetrajet`` and prints
   what the pass found and inserted.
2. Compiles the same kind of graph for a depth-2 ViT on 8x8 images, once as
   is and once rewritten, runs one step of each on the same random data, and
   prints the loss and how far the MXFP4 gradients are from full precision.
3. Builds that ViT's TetraJet training step with Q-EMA (mx-training-step)
   and trains it for a few dozen steps on one batch, printing the loss.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import re
import subprocess
import sys

import numpy as np

from mx import cpu, vit


def rewrite(source: str, out: pathlib.Path, options: str = ""):
    """Runs --mx-tetrajet; returns (rewritten text, remarks, warnings)."""
    flag = f"--mx-tetrajet={options}" if options else "--mx-tetrajet"
    result = subprocess.run(
        [str(cpu.mx_opt_path()), "-", flag], input=source, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit("mx-opt --mx-tetrajet failed")
    out.write_text(result.stdout)
    lines = result.stderr.splitlines()
    remarks = [l.split("remark: ", 1)[1] for l in lines if "remark: " in l]
    warnings = [l.split("warning: ", 1)[1] for l in lines if "warning: " in l]
    return result.stdout, remarks, warnings


def summarize_deit_tiny(out_dir: pathlib.Path) -> None:
    cfg = vit.CONFIGS["deit-tiny"]
    batch = 32
    source = vit.train_step_graph(cfg, batch)
    (out_dir / "deit_tiny_step.mlir").write_text(source)
    text, remarks, warnings = rewrite(source, out_dir / "deit_tiny_tetrajet.mlir")
    rewritten = [r for r in remarks if "-> mx.matmul" in r]
    kinds = collections.Counter(re.search(r"'blocks\.\d+\.(\w+\.\w+)'", r).group(1) for r in rewritten)
    stochastic = text.count("rounding<stochastic>")
    print(f"DeiT-Tiny training step: batch {batch}, {cfg.tokens} tokens, dim {cfg.dim}, depth {cfg.depth}")
    print(f"  graph: {len(source) // 1024} KiB of linalg, {source.count('linalg.matmul')} GEMMs, "
          f"{source.count('linalg.batch_matmul')} attention matmuls")
    print(f"  mx-tetrajet rewrote {len(rewritten)} linear layers: "
          + ", ".join(f"{n} x {k}" for k, n in sorted(kinds.items())))
    # The op, not the mx.quantizer tags on it.
    quantizers = len(re.findall(r"\bmx\.quantize\s", text))
    print(f"  inserted {quantizers} quantizers ({stochastic} stochastic, one seed), "
          f"{text.count('mx.matmul')} block-scaled GEMMs, {text.count('mx.dequantize')} dequantizations")
    for r in remarks:
        if "left in full precision" in r:
            print(f"  kept: {r}")
    for w in warnings:
        print(f"  note: {w}")
    print(f"  written to {out_dir / 'deit_tiny_tetrajet.mlir'}")


def run_small_vit(out_dir: pathlib.Path) -> None:
    cfg = vit.CONFIGS["tiny-test"]
    batch = 32
    source = vit.train_step_graph(cfg, batch)
    text, _, _ = rewrite(source, out_dir / "vit_small_tetrajet.mlir")
    names = [n for n, _ in vit.parameter_shapes(cfg)]
    _, results = cpu.function_signature(source, "vit_train_step")
    specs = [cpu.Result(shape, dtype) for shape, dtype in results]
    rng = np.random.default_rng(0)
    params = [(rng.standard_normal(s) * 0.1).astype(np.float32) for _, s in vit.parameter_shapes(cfg)]
    images = rng.standard_normal((batch, cfg.channels, cfg.image, cfg.image)).astype(np.float32)
    labels = np.eye(cfg.classes, dtype=np.float32)[rng.integers(0, cfg.classes, batch)]
    full = cpu.compile_module(source, out_dir / "vit_small_full").call(
        "vit_train_step", params + [images, labels], specs)
    mxfp4 = cpu.compile_module(text, out_dir / "vit_small_mxfp4").call(
        "vit_train_step", params + [images, labels, 2025], specs)
    print(f"Depth-{cfg.depth} ViT, dim {cfg.dim}, {cfg.tokens} tokens x batch {batch}, one step on the CPU:")
    print(f"  loss: full precision {float(full[-1]):.6f}, TetraJet MXFP4 {float(mxfp4[-1]):.6f}")
    print("  gradient relative difference (TetraJet vs full precision):")
    for name, a, b in zip(names, mxfp4, full):
        if re.search(r"(qkv|proj|fc1|fc2)\.weight$|^head\.weight$|^patch_embed\.weight$", name):
            diff = np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-30)
            print(f"    {name:<28} {diff:.3f}")


def train_small_vit(out_dir: pathlib.Path, steps: int = 40) -> None:
    cfg = vit.CONFIGS["tiny-test"]
    batch = 32
    source = vit.train_step_graph(cfg, batch)
    result = subprocess.run(
        [str(cpu.mx_opt_path()), "-", "--mx-tetrajet=qema=true", "--mx-training-step=weight-decay=0.05"],
        input=source, capture_output=True, text=True, check=True,
    )
    (out_dir / "vit_small_train_step.mlir").write_text(result.stdout)
    module = cpu.compile_module(result.stdout, out_dir / "vit_small_train")
    init_args, init_results = cpu.function_slots(result.stdout, "vit_train_step_init")
    step_args, step_results = cpu.function_slots(result.stdout, "vit_train_step_step")
    rng = np.random.default_rng(1)
    state = {}
    for name, shape in vit.parameter_shapes(cfg):
        if "norm" in name and name.endswith("weight"):
            values = np.ones(shape)  # LayerNorm gains start at 1, as in timm
        else:
            values = rng.standard_normal(shape) * 0.02
        state[("param", name)] = values.astype(np.float32)
    outs = module.call("vit_train_step_init", [state[("param", s["of"])] for s in init_args],
                       [cpu.Result(r["shape"], r["dtype"]) for r in init_results])
    state.update({(r["state"], r["of"]): o for r, o in zip(init_results, outs)})
    images = rng.standard_normal((batch, cfg.channels, cfg.image, cfg.image)).astype(np.float32)
    labels = np.eye(cfg.classes, dtype=np.float32)[rng.integers(0, cfg.classes, batch)]
    print("Training that ViT on one batch with TetraJet (Q-EMA from step 10), AdamW lr 2e-3:")
    losses = []
    for step in range(steps):
        args = []
        inputs = iter([images, labels])
        for slot in step_args:
            key = (slot["state"], slot["of"])
            args.append(next(inputs) if slot["state"] == "input" else 2e-3 if slot["state"] == "lr"
                        else 1000 + step if slot["state"] == "seed" else state[key])
        outs = module.call("vit_train_step_step", args,
                           [cpu.Result(r["shape"], r["dtype"]) for r in step_results])
        state.update({(r["state"], r["of"]): o for r, o in zip(step_results, outs)})
        losses.append(float(state[("loss", None)]))
    shown = list(range(0, steps, max(1, steps // 8))) + [steps - 1]
    print("  " + ", ".join(f"step {i + 1}: {losses[i]:.3f}" for i in shown))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(cpu.REPO / "build" / "examples"))
    args = parser.parse_args(argv)
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    summarize_deit_tiny(out_dir)
    print()
    run_small_vit(out_dir)
    print()
    train_small_vit(out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
