"""mx.tile_scales compiled for the CPU against the reference's layout of
Blackwell's 128 x 4 scale tiles, and the reference on a hand-placed byte."""

import numpy as np
import pytest

from mx import cpu
from mx import reference as ref


def test_reference_places_a_byte_by_hand():
    scales = np.zeros((130, 5), np.uint8)
    scales[37, 2] = 9      # tile (0, 0): row 37 = 32 * 1 + 5 -> offset 5 * 16 + 1 * 4 + 2
    scales[129, 4] = 7     # tile (1, 1): row 1, column 0 -> offset 16
    tiled = ref.tile_scales(scales).reshape(-1)
    assert tiled.size == 2 * 2 * 512
    assert tiled[5 * 16 + 4 + 2] == 9
    assert tiled[3 * 512 + 16] == 7
    assert np.count_nonzero(tiled) == 2


@pytest.mark.parametrize("rows,cols", [(128, 4), (200, 6), (1, 1), (256, 8)])
def test_cpu_path_matches_reference(rows, cols):
    tiles = (-(-rows // 128), -(-cols // 4))
    scale_type = f"tensor<{rows}x{cols}xf8E8M0FNU>"
    tiled_type = f"tensor<{tiles[0]}x{tiles[1]}x32x16xf8E8M0FNU>"
    source = (f"func.func @tile(%s: {scale_type}) -> {tiled_type} {{\n"
              f"  %t = mx.tile_scales %s : {scale_type} -> {tiled_type}\n"
              f"  return %t : {tiled_type}\n}}\n")
    module = cpu.compile_module(source)
    rng = np.random.default_rng(rows * 10 + cols)
    scales = rng.integers(1, 256, (rows, cols)).astype(np.uint8)
    (got,) = module.call("tile", [scales], [cpu.Result(tiles + (32, 16), np.uint8)])
    np.testing.assert_array_equal(got, ref.tile_scales(scales))
