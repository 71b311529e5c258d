// The spec examples (examples/*.linc), provided by scripts/serve-playground.mjs at bundle time.
declare module "linc-examples" {
  const examples: Record<string, string>;
  export default examples;
}
