// Declarations of data.mjs (a plain module, so that gpujs.mjs runs under Node without a build).
export function randomArray(dtype: string, shape: number[]): { dtype: string; shape: number[]; data: Float32Array | Float64Array };
