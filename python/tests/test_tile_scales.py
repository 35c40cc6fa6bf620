"""mx.tile_scales and mx.untile_scales compiled for the CPU against the
reference's layout of Blackwell's 128 x 4 scale tiles, the reference on a
hand-placed byte, and the two ops as inverses."""

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


def compiled(rows, cols):
    """@tile and @untile for scales [rows, cols], each in a function of its
    own (in one function, an untiling of a tiling folds away), and the
    shape of the tiles."""
    tiles = (-(-rows // 128), -(-cols // 4))
    scale_type = f"tensor<{rows}x{cols}xf8E8M0FNU>"
    tiled_type = f"tensor<{tiles[0]}x{tiles[1]}x32x16xf8E8M0FNU>"
    source = (f"func.func @tile(%s: {scale_type}) -> {tiled_type} {{\n"
              f"  %t = mx.tile_scales %s : {scale_type} -> {tiled_type}\n"
              f"  return %t : {tiled_type}\n}}\n"
              f"func.func @untile(%t: {tiled_type}) -> {scale_type} {{\n"
              f"  %s = mx.untile_scales %t : {tiled_type} -> {scale_type}\n"
              f"  return %s : {scale_type}\n}}\n")
    return cpu.compile_module(source), tiles


SHAPES = [(128, 4), (200, 6), (1, 1), (256, 8)]


@pytest.mark.parametrize("rows,cols", SHAPES)
def test_cpu_path_matches_reference(rows, cols):
    module, tiles = compiled(rows, cols)
    rng = np.random.default_rng(rows * 10 + cols)
    scales = rng.integers(1, 256, (rows, cols)).astype(np.uint8)
    (got,) = module.call("tile", [scales], [cpu.Result(tiles + (32, 16), np.uint8)])
    np.testing.assert_array_equal(got, ref.tile_scales(scales))


def test_reference_reads_a_byte_by_hand():
    tiled = np.zeros((2, 2, 32, 16), np.uint8)
    tiled[0, 0, 5, 4 + 2] = 9  # row 32 * 1 + 5, column 2
    tiled[1, 1, 1, 0] = 7      # row 128 + 1, column 4
    scales = ref.untile_scales(tiled, 130, 5)
    assert scales[37, 2] == 9 and scales[129, 4] == 7
    assert np.count_nonzero(scales) == 2


@pytest.mark.parametrize("rows,cols", SHAPES)
def test_untile_matches_reference(rows, cols):
    module, tiles = compiled(rows, cols)
    rng = np.random.default_rng(rows * 10 + cols + 1)
    # Padding bytes too are random: untiling must not read them.
    tiled = rng.integers(0, 256, tiles + (32, 16)).astype(np.uint8)
    (got,) = module.call("untile", [tiled], [cpu.Result((rows, cols), np.uint8)])
    np.testing.assert_array_equal(got, ref.untile_scales(tiled, rows, cols))
    # The two compiled ops are inverses, and so are the reference's.
    scales = rng.integers(0, 256, (rows, cols)).astype(np.uint8)
    (tiled,) = module.call("tile", [scales], [cpu.Result(tiles + (32, 16), np.uint8)])
    (back,) = module.call("untile", [tiled], [cpu.Result((rows, cols), np.uint8)])
    np.testing.assert_array_equal(back, scales)
    np.testing.assert_array_equal(ref.untile_scales(ref.tile_scales(scales), rows, cols), scales)
