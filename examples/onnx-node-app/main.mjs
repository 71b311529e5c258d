// A Node app that runs a linc-emitted model with onnxruntime-node only (nothing from linc).
// It feeds an impulse and prints the first outputs: the filter h[k] = exp(-k/16) itself.
import ort from "onnxruntime-node";
const session = await ort.InferenceSession.create(new URL("./model.onnx", import.meta.url).pathname, { graphOptimizationLevel: "all" });
const batch = 2, n = 256;
const x = new Float32Array(batch * n);
x[0] = 1; // impulse in row 0
x[n + 3] = 2; // shifted, scaled impulse in row 1
const { y } = await session.run({ x: new ort.Tensor("float32", x, [batch, n]) });
const row0 = Array.from(y.data.slice(0, 4), (v) => v.toFixed(4));
const row1 = Array.from(y.data.slice(n, n + 6), (v) => v.toFixed(4));
console.log("inputs:", session.inputNames, "outputs:", session.outputNames);
console.log("impulse response:", row0.join(" "));
console.log("shifted x2:      ", row1.join(" "));
const ok = Math.abs(y.data[1] - Math.exp(-1 / 16)) < 1e-4 && Math.abs(y.data[n + 4] - 2 * Math.exp(-1 / 16)) < 1e-4;
console.log(ok ? "ok" : "MISMATCH");
process.exit(ok ? 0 : 1);
