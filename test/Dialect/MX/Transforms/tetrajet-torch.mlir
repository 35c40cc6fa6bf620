// The rewrite on training graphs exported from PyTorch by torch-mlir
// (python/tools/export_torch_graphs.py wrote the Inputs). Nothing in them
// was written for mx: the pass finds the layers by dataflow alone.

// A depth-2 ViT: 8 linear layers rewritten, the classifier head left alone,
// no contraction left unexplained.
// RUN: mx-opt %S/Inputs/torch-vit-small.mlir --mx-tetrajet -o /dev/null 2>&1 | FileCheck %s --check-prefix=VIT
// VIT-NOT: warning
// VIT: remark: linear layer 'blocks.0.attn.qkv' (X 160x32, W 96x32): forward Q1 Q2 -> mx.matmul; dX Q3 Q4 -> mx.matmul; dW Q5 Q6 -> mx.matmul; bias gradient from deq Q3(dY)
// VIT: remark: linear layer 'blocks.0.attn.proj' (X 160x32, W 32x32): forward Q1 Q2 -> mx.matmul; dX Q3 Q4 -> mx.matmul; dW Q5 Q6 -> mx.matmul; bias gradient from deq Q3(dY)
// VIT: remark: linear layer 'blocks.0.mlp.fc1' (X 160x32, W 64x32): {{.*}}bias gradient from deq Q3(dY)
// VIT: remark: linear layer 'blocks.0.mlp.fc2' (X 160x64, W 32x64): {{.*}}bias gradient from deq Q3(dY)
// VIT: remark: linear layer 'blocks.1.attn.qkv'
// VIT: remark: linear layer 'blocks.1.attn.proj'
// VIT: remark: linear layer 'blocks.1.mlp.fc1'
// VIT: remark: linear layer 'blocks.1.mlp.fc2'
// VIT: remark: linear layer 'head' left in full precision (the classifier head; see quantize-head)
// VIT-NOT: warning

// 8 layers x 6 quantizers; 8 x 3 block-scaled GEMMs; the head's three GEMMs
// and attention's twelve batched matmuls (two forward, four backward per
// block) stay.
// RUN: mx-opt %S/Inputs/torch-vit-small.mlir --mx-tetrajet 2>/dev/null > %t.mlir
// RUN: grep -c "mx.quantize" %t.mlir | FileCheck %s --check-prefix=QUANTIZE
// RUN: grep -c "mx.matmul" %t.mlir | FileCheck %s --check-prefix=MATMUL
// RUN: grep -c "linalg.matmul" %t.mlir | FileCheck %s --check-prefix=LINALG
// RUN: grep -c "linalg.batch_matmul" %t.mlir | FileCheck %s --check-prefix=BATCH
// RUN: FileCheck %s --check-prefix=SEED < %t.mlir
// QUANTIZE: 48
// MATMUL: 24
// LINALG: 3
// BATCH: 12
// SEED: func.func @vit_step({{.*}}%arg34: i64 {mx.seed})

// A single block with a loss of mean(y^2).
// RUN: mx-opt %S/Inputs/torch-vit-block.mlir --mx-tetrajet -o /dev/null 2>&1 | FileCheck %s --check-prefix=BLOCK
// BLOCK-NOT: warning
// BLOCK-COUNT-4: remark: linear layer '{{(attn|mlp)\.(qkv|proj|fc1|fc2)}}' (X {{.*}}): forward Q1 Q2 -> mx.matmul; dX Q3 Q4 -> mx.matmul; dW Q5 Q6 -> mx.matmul; bias gradient from deq Q3(dY)
// BLOCK-NOT: warning

// The result still lowers for the CPU.
// RUN: mx-opt %t.mlir --mx-cpu-pipeline -o /dev/null
