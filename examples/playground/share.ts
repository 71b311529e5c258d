// The spec in the page's URL hash, so a link shares it: `#spec=<base64url of the UTF-8 text>`.
// Read on open (and when the hash changes); written with history.replaceState after each compile.
// The text only ever goes into the editor's value: it is never markup.
const KEY = "spec=";

export function encodeSpec(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The spec in a hash (`#spec=...`), or undefined when there is none or it does not decode. */
export function decodeSpec(hash: string): string | undefined {
  const h = hash.replace(/^#/, "");
  if (!h.startsWith(KEY)) return undefined;
  try {
    const b = atob(h.slice(KEY.length).replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(b, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** Put the spec in the URL without adding a history entry. */
export function writeHash(text: string): void {
  const h = `#${KEY}${encodeSpec(text)}`;
  if (location.hash !== h) history.replaceState(null, "", h);
}
