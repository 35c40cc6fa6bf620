"""A host-side model of the Blackwell instructions the GPU lowering emits
but that no GPU here can run, written from the PTX ISA's formulas, and a
replay of how the lowering feeds them (which lane loads which word and
which scale). Tests run the replay on small random problems against the
reference, so a layout mistake in the lowering's scheme shows up on the
CPU.

* ``mma.sync.aligned.m16n8k64.row.col.kind::mxf4.block_scale.scale_vec::2X``
  (sm_120a), PTX ISA "Matrix fragments for mma.m16n8k64" and "block
  scaling": with g = lane >> 2 and t = lane & 3, element i of the A
  fragment sits in register i / 8, nibble i % 8, at row g + 8 ((i / 8) & 1)
  and column 8 t + i % 8 + 32 (i / 16); element i of B at row
  8 t + i % 8 + 32 (i / 8), column g; result register i at row
  g + 8 (i / 2), column 2 t + i % 2. With selectors (byte-id 0,
  thread-id 0), lanes 4g and 4g + 1 give the scales of A's rows g and
  g + 8 and lane 4g those of B's column g, two bytes each: byte 0 for
  K-block 0, byte 1 for K-block 1.
* ``cvt.rn.satfinite.e2m1x2.f32 d, a, b`` (sm_100a, sm_120a): a's code in
  the high nibble of d, b's in the low one.
* ``cvt.rs.satfinite.e2m1x4.f32 d, {a, b, e, f}, rbits`` (sm_100a): codes
  of a, b, e, f in bits 15..12, 11..8, 7..4, 3..0 of d, each rounded toward
  zero, then away from zero iff adding its 8 random bits to the bits that
  rounding dropped carries out. The ISA's text gives the low bytes of
  rbits' 16-bit halves to e and f and the high bytes to a and b; which of
  each pair goes where is only in a figure: this model, like the lowering,
  assumes byte 0 -> f, byte 2 -> e, byte 1 -> b, byte 3 -> a. Only
  Blackwell hardware can check that assumption, as it can the rest of
  this model.
* ``prmt.b32 d, a, b, c`` (default mode): byte k of d is byte
  (c >> 4k) & 7 of the eight bytes of b:a.
* ``tcgen05`` (sm_100a), PTX ISA "tcgen05" (the reference notes' section
  4.4): a shared-memory matrix descriptor holds the start address / 16 in
  bits 0-13, the leading and stride byte offsets / 16 in bits 16-29 and
  32-45, 0b001 in bits 46-48 and the swizzle mode in bits 61-63 (2: 128
  bytes, 0: none). A K-major operand with the 128-byte swizzle has 128-byte
  rows in groups of eight, `stride` bytes apart, and the hardware XORs
  address bits 4-6 with bits 7-9; without swizzle, rows of 16 bytes come in
  8-row core matrices of 128 bytes, `stride` apart. ``tcgen05.cp
  .32x128b.warpx4`` copies 32 rows of 16 bytes to lanes r, 32 + r, 64 + r,
  96 + r, four 32-bit columns. ``tcgen05.mma.cta_group::1.kind::mxf4
  .block_scale.block32``: M = 128 rows of A in lanes 0..127, K = 64 (32
  bytes of each row from the start address), N from the instruction
  descriptor (bits 17-22: N / 8; bits 7-9 and 10-11 the A and B types,
  1 for E2M1; bit 23 the scale type, 1 for UE8M0; bits 27-28: M / 128;
  bits 29-30 and 4-5 the A and B scale-factor IDs); row m's scales are in
  lane m % 128, column (scale address) + m / 32 of tensor memory, bytes
  ID and ID + 1 for the two 32-element blocks. ``tcgen05.ld.32x32b``:
  warp w reads lanes 32w..32w + 31, a column per register.

The replays mirror mx-gpu-block-scaled-matmul (loadMXF4, computeMXF4,
Tcgen05Kernel) and mx-gpu-quantize (the hardware conversions); keep them
in step.
"""

import numpy as np

from mx import reference as ref

LANES = 32


def nibble(word, i):
    return (int(word) >> (4 * i)) & 0xF


def mma_m16n8k64_mxf4(a_regs, b_regs, scale_a, scale_b, c):
    """The instruction, from per-lane operands: a_regs[lane] 4 words,
    b_regs[lane] 2 words, scale_a[lane] / scale_b[lane] one 32-bit scale
    register each, c[lane] 4 floats. Returns d[lane], 4 floats (in
    float64: the model checks layouts, not f32 rounding)."""
    a = np.zeros((16, 64), np.uint8)
    b = np.zeros((64, 8), np.uint8)
    sf_a = np.zeros((16, 2), np.uint8)
    sf_b = np.zeros((2, 8), np.uint8)
    c_full = np.zeros((16, 8))
    for lane in range(LANES):
        g, t = lane >> 2, lane & 3
        for i in range(32):
            a[g + 8 * ((i // 8) & 1), 8 * t + i % 8 + 32 * (i // 16)] = \
                nibble(a_regs[lane][i // 8], i % 8)
        for i in range(16):
            b[8 * t + i % 8 + 32 * (i // 8), g] = nibble(b_regs[lane][i // 8], i % 8)
        for i in range(4):
            c_full[g + 8 * (i // 2), 2 * t + i % 2] = c[lane][i]
        # Selectors byte-id 0, thread-id 0.
        if t in (0, 1):
            row = g + 8 * t
            sf_a[row] = [int(scale_a[lane]) & 0xFF, (int(scale_a[lane]) >> 8) & 0xFF]
        if t == 0:
            sf_b[:, g] = [int(scale_b[lane]) & 0xFF, (int(scale_b[lane]) >> 8) & 0xFF]
    a_values = ref.decode_codes(a) * np.repeat(ref.decode_scales(sf_a), 32, axis=1)
    b_values = ref.decode_codes(b) * np.repeat(ref.decode_scales(sf_b), 32, axis=0)
    d_full = c_full + a_values @ b_values
    return [[d_full[(lane >> 2) + 8 * (i // 2), 2 * (lane & 3) + i % 2] for i in range(4)]
            for lane in range(LANES)]


def words_of(codes):
    """Packed codes (rows x bytes, ref.pack_codes) as rows of 32-bit words."""
    return np.ascontiguousarray(codes).view("<u4")


def replay_sm120_tile(a_codes, a_scales, b_codes, b_scales, row0=0, col0=0):
    """One 16 x 8 tile of the sm_120a kernel's result: each lane loads what
    loadMXF4 loads for every K = 64 step and hands it to the model in
    computeMXF4's order. a_codes/b_codes are packed (rows x K/2 bytes),
    a_scales/b_scales one byte per row and 32-element block."""
    a_words, b_words = words_of(a_codes), words_of(b_codes)
    k = a_codes.shape[1] * 2
    d = [[0.0] * 4 for _ in range(LANES)]
    for step in range(k // 64):
        a_regs, b_regs, scale_a, scale_b = [], [], [], []
        for lane in range(LANES):
            g, t = lane >> 2, lane & 3
            word = 8 * step + t
            rows = (row0 + g, row0 + g + 8)
            col = col0 + g
            # loadMXF4: per row the words at `word` and `word + 4`; computeMXF4
            # passes {row g, row g + 8, row g (+4), row g + 8 (+4)}.
            a_regs.append([a_words[rows[0], word], a_words[rows[1], word],
                           a_words[rows[0], word + 4], a_words[rows[1], word + 4]])
            b_regs.append([b_words[col, word], b_words[col, word + 4]])

            def pair(scales, r):
                return int(scales[r, 2 * step]) | (int(scales[r, 2 * step + 1]) << 8)
            scale_a.append(pair(a_scales, rows[0]) if t == 0 else
                           pair(a_scales, rows[1]) if t == 1 else 0)
            scale_b.append(pair(b_scales, col) if t == 0 else 0)
        d = mma_m16n8k64_mxf4(a_regs, b_regs, scale_a, scale_b, d)
    out = np.zeros((16, 8))
    for lane in range(LANES):
        for i in range(4):
            out[(lane >> 2) + 8 * (i // 2), 2 * (lane & 3) + i % 2] = d[lane][i]
    return out


def _satfinite(x):
    """What .satfinite conversions to E2M1 share: the code of NaN (+6) and
    of magnitudes from 6 up (6, signed) if ``x`` is one, else None; and the
    sign bit and magnitude of ``x``."""
    if np.isnan(x):
        return 0x7, 0, 0.0
    sign = 8 if np.signbit(x) else 0
    magnitude = abs(float(x))
    return (sign | 7 if magnitude >= 6.0 else None), sign, magnitude


def e2m1_rn_satfinite(x):
    """The E2M1 code of f32 ``x`` as cvt.rn.satfinite converts it: the
    nearest of 0, 0.5, 1, 1.5, 2, 3, 4, 6 (a tie goes to the even code),
    magnitudes above 6 to 6, the sign kept (-0 too), NaN to +6."""
    saturated, sign, magnitude = _satfinite(x)
    if saturated is not None:
        return saturated
    distances = np.abs(ref.GRID - magnitude)
    nearest = np.flatnonzero(distances == distances.min())
    # One grid point, or a tie between two neighbours: take the even code.
    code = nearest[0] if len(nearest) == 1 else next(c for c in nearest if c % 2 == 0)
    return sign | int(code)


def cvt_e2m1x2(high, low):
    """cvt.rn.satfinite.e2m1x2.f32 d, high, low: high's code in bits 7..4
    of the byte, low's in bits 3..0."""
    return (e2m1_rn_satfinite(high) << 4) | e2m1_rn_satfinite(low)


def replay_blackwell_quantize_row(scaled):
    """The bytes mx-gpu-quantize's hardware conversion writes for a row of
    scaled values (x * 2^-s): cvt(odd element, even element) per pair."""
    return np.array([cvt_e2m1x2(scaled[j + 1], scaled[j])
                     for j in range(0, len(scaled), 2)], np.uint8)


def e2m1_rs_satfinite(x, random_byte):
    """The E2M1 code of f32 ``x`` as cvt.rs.satfinite converts it with 8
    random bits: |x| rounded toward zero to the grid, then up iff the top 8
    bits of what that dropped (its fraction of the gap to the next grid
    point) plus ``random_byte`` reach 256; magnitudes from 6 up give 6, the
    sign is kept, NaN gives +6."""
    saturated, sign, magnitude = _satfinite(x)
    if saturated is not None:
        return saturated
    low = int(np.searchsorted(ref.GRID, magnitude, side="right")) - 1
    dropped = (magnitude - ref.GRID[low]) / (ref.GRID[low + 1] - ref.GRID[low])
    carry = int(np.floor(256.0 * dropped)) + random_byte >= 256
    return sign | (low + int(carry))


def cvt_rs_e2m1x4(a, b, e, f, rbits):
    """cvt.rs.satfinite.e2m1x4.f32 d, {a, b, e, f}, rbits, with the byte
    assignment assumed above."""
    byte = lambda k: (rbits >> (8 * k)) & 0xFF
    return ((e2m1_rs_satfinite(a, byte(3)) << 12) | (e2m1_rs_satfinite(b, byte(1)) << 8)
            | (e2m1_rs_satfinite(e, byte(2)) << 4) | e2m1_rs_satfinite(f, byte(0)))


def prmt(a, b, selector):
    """prmt.b32 d, a, b, selector in its default mode (selector bit 3 of a
    nibble, sign replication, unused here)."""
    pool = (b << 32) | a
    return sum(((pool >> (8 * ((selector >> (4 * k)) & 7))) & 0xFF) << (8 * k)
               for k in range(4))


def replay_sm100_stochastic_row(scaled, group_words, selector=0x3120):
    """The bytes mx-gpu-quantize's cvt.rs path writes for a row of scaled
    values (x * 2^-s): per sixteen elements (a thread's, one Philox block
    ``group_words``), elements 4q .. 4q + 3 converted by one cvt.rs with
    rbits = prmt(word q, 0, selector), x3 first; the 16-bit result is two
    bytes of codes, the low one first."""
    out = []
    for g in range(0, len(scaled), 16):
        words = group_words[g // 16]
        for q in range(4):
            x0, x1, x2, x3 = scaled[g + 4 * q:g + 4 * q + 4]
            d = cvt_rs_e2m1x4(x3, x2, x1, x0, prmt(words[q], 0, selector))
            out += [d & 0xFF, d >> 8]
    return np.array(out, np.uint8)


# --- tcgen05 (sm_100a) -------------------------------------------------


def smem_descriptor(address, leading, stride, swizzle):
    """The 64-bit shared-memory descriptor, encoded as the lowering encodes
    it (Tcgen05Kernel::descriptor)."""
    return ((address >> 4) & 0x3FFF) | ((leading >> 4) << 16) | \
        ((stride >> 4) << 32) | (1 << 46) | (swizzle << 61)


def decode_smem_descriptor(desc):
    """The descriptor's fields by the PTX ISA's table: (start address in
    bytes, leading byte offset, stride byte offset, swizzle mode)."""
    assert (desc >> 46) & 0x7 == 1, "bits 46-48 must be 0b001"
    assert (desc >> 49) & 0x7 == 0, "base offset: the lowering aligns to 1024"
    return ((desc & 0x3FFF) << 4, ((desc >> 16) & 0x3FFF) << 4,
            ((desc >> 32) & 0x3FFF) << 4, (desc >> 61) & 0x7)


def read_k_major(smem, desc, rows, row_bytes):
    """`rows` rows of `row_bytes` bytes of a K-major operand through a
    descriptor: 128-byte swizzle (mode 2) or none (mode 0)."""
    start, _, stride, swizzle = decode_smem_descriptor(desc)
    out = np.zeros((rows, row_bytes), np.uint8)
    for r in range(rows):
        for x in range(row_bytes):
            if swizzle == 2:
                logical = start + (r // 8) * stride + (r % 8) * 128 + x
                address = logical ^ (((logical >> 7) & 7) << 4)
            else:
                assert swizzle == 0
                address = start + (r // 8) * stride + (r % 8) * 16 + x
            out[r, x] = smem[address]
    return out


def tcgen05_cp_32x128b_warpx4(tmem, column, smem, desc):
    """Copies 32 rows of 16 bytes to lanes r + 32q (q = 0..3), columns
    column .. column + 3 (tmem: 128 lanes x columns x 4 bytes)."""
    rows = read_k_major(smem, desc, 32, 16)
    for q in range(4):
        tmem[32 * q:32 * q + 32, column:column + 4, :] = rows.reshape(32, 4, 4)


def decode_instruction_descriptor(idesc):
    """kind::mxf4 instruction descriptor fields by the PTX ISA's table."""
    assert (idesc >> 7) & 0x7 == 1 and (idesc >> 10) & 0x3 == 1, "E2M1 x E2M1"
    assert (idesc >> 23) & 1 == 1, "UE8M0 scales"
    assert (idesc >> 15) & 0x3 == 0, "K-major A and B"
    return {"n": ((idesc >> 17) & 0x3F) * 8, "m": ((idesc >> 27) & 0x3) * 128,
            "sf_a": (idesc >> 29) & 0x3, "sf_b": (idesc >> 4) & 0x3}


def tcgen05_mma_mxf4(tmem_d, d_column, smem, a_desc, b_desc, idesc, tmem,
                     sfa_column, sfb_column, accumulate):
    """D (lanes 0..M-1, columns d_column..+N, float64) = A B (+ D): K = 64
    codes, two per byte, low nibble first, 32 bytes of each row."""
    fields = decode_instruction_descriptor(idesc)
    m, n = fields["m"], fields["n"]
    a = ref.unpack_codes(read_k_major(smem, a_desc, m, 32))
    b = ref.unpack_codes(read_k_major(smem, b_desc, n, 32))

    def scales(column, rows, sf_id):
        return np.array([[tmem[r % 128, column + r // 32, sf_id + block]
                          for block in range(2)] for r in range(rows)], np.uint8)

    a_values = ref.decode_codes(a) * np.repeat(
        ref.decode_scales(scales(sfa_column, m, fields["sf_a"])), 32, axis=1)
    b_values = ref.decode_codes(b) * np.repeat(
        ref.decode_scales(scales(sfb_column, n, fields["sf_b"])), 32, axis=1)
    product = a_values @ b_values.T
    if accumulate:
        tmem_d[:m, d_column:d_column + n] += product
    else:
        tmem_d[:m, d_column:d_column + n] = product


def replay_sm100_tile(a_codes, a_scales, b_codes, b_scales):
    """A 128 x 128 tile of the sm_100a kernel (Tcgen05Kernel): per stage of
    256 K-elements, the shared memory its threads write into the stage's
    buffer (stage % 2), the scale copies into the buffer's tensor-memory
    columns and the MMAs thread 0 issues, as the lowering computes their
    addresses and descriptors; a_codes/b_codes packed (128 x K/2 bytes),
    scales one byte per row and 32-element block. Returns the float64
    result."""
    code_bytes, scale_bytes = 128 * 128, 2 * 512
    buffer_bytes = 2 * (code_bytes + scale_bytes)
    smem = np.zeros(2 * buffer_bytes, np.uint8)
    tmem = np.zeros((128, 256, 4), np.uint8)  # the scale columns
    tmem_d = np.zeros((128, 128))             # the accumulator columns
    k = a_codes.shape[1] * 2
    shape = (1 << 7) | (1 << 10) | ((128 // 8) << 17) | (1 << 23) | (1 << 27)
    for stage in range(k // 256):
        at_buffer = (stage % 2) * buffer_bytes
        scale_columns = 128 + 16 * (stage % 2)
        for operand, (codes, scales) in enumerate([(a_codes, a_scales),
                                                   (b_codes, b_scales)]):
            for t in range(128):  # thread t: row t
                row = codes[t, 128 * stage:128 * stage + 128]
                for c in range(8):
                    at = at_buffer + operand * code_bytes + t * 128 + ((c ^ (t % 8)) * 16)
                    smem[at:at + 16] = row[16 * c:16 * c + 16]
                for j in range(2):
                    word = scales[t, 8 * stage + 4 * j:8 * stage + 4 * j + 4]
                    at = at_buffer + 2 * code_bytes + operand * scale_bytes + 512 * j + \
                        (t % 32) * 16 + (t // 32) * 4
                    smem[at:at + 4] = word
        for c in range(4):
            tcgen05_cp_32x128b_warpx4(
                tmem, scale_columns + 4 * c, smem,
                smem_descriptor(at_buffer + 2 * code_bytes + 512 * c, 16, 128, 0))
        for kk in range(4):
            sf_id = 2 * (kk % 2)
            tcgen05_mma_mxf4(
                tmem_d, 0, smem, smem_descriptor(at_buffer + 32 * kk, 16, 1024, 2),
                smem_descriptor(at_buffer + code_bytes + 32 * kk, 16, 1024, 2),
                shape | (sf_id << 4) | (sf_id << 29), tmem,
                scale_columns + 4 * (kk // 2), scale_columns + 8 + 4 * (kk // 2),
                accumulate=stage > 0 or kk > 0)
    # tcgen05.ld 32x32b: thread 32w + l reads lane 32w + l, i.e. row tid.
    return tmem_d.copy()
