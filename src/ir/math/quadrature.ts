// Quadrature on the sphere that is exact for band-limited functions: Gauss-Legendre in cos θ
// times the trapezoidal rule in φ. With n Legendre nodes and 2n azimuths it integrates every
// polynomial of degree < 2n on the sphere exactly (up to rounding) — products of SH included.

/** Nodes x (ascending) and weights of n-point Gauss-Legendre on [-1, 1], by Newton on P_n. */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)), dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1); // P_n' from P_n = p1, P_{n-1} = p0
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[n - 1 - i] = z;
    w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

export interface SphereGrid {
  theta: Float64Array;
  phi: Float64Array;
  weight: Float64Array;
}

/** Points and weights integrating degree < 2n exactly: n polar angles × 2n azimuths. */
export function sphereQuadrature(n: number): SphereGrid {
  const { x, w } = gaussLegendre(n);
  const nphi = 2 * n, size = n * nphi;
  const g: SphereGrid = { theta: new Float64Array(size), phi: new Float64Array(size), weight: new Float64Array(size) };
  for (let i = 0; i < n; i++)
    for (let j = 0; j < nphi; j++) {
      const k = i * nphi + j;
      g.theta[k] = Math.acos(x[i]);
      g.phi[k] = (2 * Math.PI * j) / nphi;
      g.weight[k] = (w[i] * 2 * Math.PI) / nphi;
    }
  return g;
}
