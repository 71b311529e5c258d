// The seeded data of the device checks (prep.ts and gpujs.mjs): one linear congruential stream,
// uniform in [-1, 1), as linc's HostArrays (complex interleaved; f32/c64 in Float32Array).
let seed = 20261127;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;

/** A random array of a float dtype and shape (i64 is refused: no spec here takes one). */
export function randomArray(dtype, shape) {
  if (dtype === "i64") throw new Error("i64 data is not generated here");
  const count = shape.reduce((a, b) => a * b, 1) * (dtype.startsWith("c") ? 2 : 1);
  const data = dtype === "f32" || dtype === "c64" ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = rand();
  return { dtype, shape, data };
}
