// The IR's public surface. Importing it registers every op family in the catalogue.
import "./ops/tensor.js";
import "./ops/algebra.js";
import "./ops/fourier.js";
import "./ops/structure.js";
import "./ops/toeplitz.js";
import "./ops/fastfactors.js";
import "./ops/sphere.js";
import "./ops/ssm.js";

export * from "./types.js";
export * from "./errors.js";
export * from "./node.js";
export * from "./ops.js";
export * from "./catalogue.js";
export * from "./build.js";
export * from "./value.js";
export * from "./host.js";
export * from "./program.js";
export * from "./eval.js";
export { bindDims, resolveShape } from "./bind.js";
export { fftScale, twiddle, dftNode, dftMatrix, dctMatrix, whtMatrix } from "./ops/fourier.js";
export { bitrevIndex, eyeNode, windowNode, mtransposeNode, reverseNode, invpermNode } from "./ops/structure.js";
export { convWindow, circEmbedNode } from "./ops/toeplitz.js";
export { butterflyStride, blockMatmul, strideTranspose } from "./ops/fastfactors.js";
export { materializeNode, minverseNode } from "./ops/algebra.js";
export { sizeLimits } from "./ops/common.js";
export * as math from "./math/index.js";
