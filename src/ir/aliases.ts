// What other libraries call linc's constructors (numpy, scipy, PyTorch, MATLAB, Julia): a name
// from there that linc does not know gets a pointer to linc's spelling instead of a bare
// "unknown operator". Every entry names a real constructor (test/dsl/suggest.test.ts checks).

export interface Alias {
  /** The constructor to use instead. */
  name: string;
  /** How to write it (arguments included when they differ, e.g. dct(n, type=2)). */
  call: string;
}

const alias = (name: string, call = `${name}(n)`): Alias => ({ name, call });

const ENTRIES: Record<string, Alias> = {
  fft: alias("dft"),
  fft1: alias("dft"),
  ifft: alias("idft"),
  rfft: alias("rdft"),
  irfft: alias("irdft"),
  hfft: alias("irdft"),
  hadamard: alias("wht"),
  fwht: alias("wht"),
  ifwht: alias("wht", "wht(n, norm=\"forward\")"),
  walsh: alias("wht"),
  walsh_hadamard: alias("wht"),
  hadamard_transform: alias("wht"),
  eye: alias("I"),
  identity: alias("I"),
  kronecker: alias("kron", "kron(A, B)"),
  tensordot: alias("kron", "kron(A, B)"),
  block_diag: alias("blockdiag", "blockdiag(A, B)"),
  blkdiag: alias("blockdiag", "blockdiag(A, B)"),
  convolve: alias("conv", "conv(h, n)"),
  convolution: alias("conv", "conv(h, n)"),
  conv1d: alias("conv", "conv(h, n)"),
  fftconvolve: alias("conv", "conv(h, n)"),
  circular_conv: alias("circulant", "circulant(c)"),
  cconv: alias("circulant", "circulant(c)"),
  diagonal: alias("diag", "diag(v)"),
  diagflat: alias("diag", "diag(v)"),
  permutation: alias("perm", "perm(p)"),
  bit_reverse: alias("bitrev"),
  bitreverse: alias("bitrev"),
  inverse: alias("inv", "inv(A)"),
  pinv: alias("inv", "inv(A)"),
  low_rank: alias("lowrank", "lowrank(U, V)"),
  matrix: alias("dense", "dense(W)"),
};
// dct3 -> dct(n, type=3) and the same for idct, dst, idst, types 1 to 4 (scipy's `type=`); dct2
// and idct2 are the 2-D transforms (MATLAB's and scipy.fft.dctn's meaning), constructors of their own
for (const f of ["dct", "idct", "dst", "idst"])
  for (const t of [1, 2, 3, 4]) for (const spelt of [`${f}${t}`, `${f}_${t}`, `${f}${"i".repeat(t).replace("iiii", "iv")}`])
    if (spelt !== "dct2" && spelt !== "idct2") ENTRIES[spelt] = alias(f, `${f}(n, type=${t})`);

/** Other libraries' names for linc's constructors, by that name. */
export const ALIASES: Readonly<Record<string, Alias>> = ENTRIES;

/** The constructor another library's name stands for, if it is one we know. */
export const aliasOf = (name: string): Alias | undefined => (Object.hasOwn(ALIASES, name.toLowerCase()) ? ALIASES[name.toLowerCase()] : undefined);
