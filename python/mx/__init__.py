"""mx: Python side of the mx MLIR project (reference semantics, CPU runner)."""
