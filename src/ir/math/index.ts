// Pure maths behind the sphere and state-space families, for the reference meanings and for the
// passes that lower them to fast kernels (Fourier-route Gaunt products, DPLR SSM kernels).
export { shIndex, shCount, shLM, legendreNormalised, realSH } from "./sh.js";
export { wigner3j, clebschGordan, complexGaunt, triangle } from "./wigner.js";
export { type GauntEntry, gauntCoefficients, realGaunt, realCG, realToComplexRow, gauntPathWeight } from "./gaunt.js";
export { type Fourier2D, legendreFourier, shToFourier, convolveFourier, sinMoment, fourierToSH, gauntFourier } from "./gauntfourier.js";
export { gaussLegendre, sphereQuadrature, type SphereGrid } from "./quadrature.js";
export { broadcastShapes, broadcastIndex } from "./batch.js";
export { HIPPO_KINDS, type HippoKind, type Hippo, hippo } from "./hippo.js";
export { identity, lincomb, norm1, solve, expm, matVec, eighHermitian } from "./linalg.js";
export { type Discretisation, type CVec, discretise, ssmKernel, s4dKernel, expm1C } from "./ssmkernel.js";
export { type NPLR, type DPLR, hippoRankCorrection, nplr, dplrSetup, dplrSpectrum, inverseDFT, ssmKernelDPLR } from "./dplr.js";
export { dplrKernel, dplrKernelSpectrum, hippoDplrParams } from "./dplrkernel.js";
export * from "./factor.js";
export { type Rng, rng, permutation } from "./random.js";
export { fftVec, fft, chirp, bluesteinTables } from "./fft.js";
export { luSolve } from "./solve.js";
export { PADE13, THETA13, expmWith } from "./expm.js";
export { minverse, minverseWith } from "./minverse.js";
export { mcayley, mcayleyWith } from "./mcayley.js";
export { SH_SOURCE } from "./sh.js";
export { block2, BLOCK2_SOURCE, type Block2Mode } from "./block2.js";
export { erf, erfWith, ERF_GRID, ERF_SMALL, ERF_TAYLOR } from "./erf.js";
