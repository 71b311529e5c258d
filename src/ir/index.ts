// The IR's public surface. Importing it registers every op family in the catalogue.
import "./ops/tensor.js";
import "./ops/algebra.js";
import "./ops/fourier.js";
import "./ops/structure.js";
import "./ops/toeplitz.js";
import "./ops/fastfactors.js";

export * from "./types.js";
export * from "./errors.js";
export * from "./node.js";
export * from "./ops.js";
export * from "./catalogue.js";
export * from "./build.js";
export * from "./value.js";
export * from "./host.js";
export * from "./program.js";
