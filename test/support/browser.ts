// The playground served on 127.0.0.1 and opened in Debian's headless Chromium through
// playwright-core (no browser download), with a fresh profile: the browser tests' one set-up.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.LINC_CHROMIUM ?? "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);

export type Page = import("playwright-core").Page;

/** Flags every launch needs on this closed network (no background connections). */
const QUIET = ["--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** WebGL2 through ANGLE on SwiftShader, and WebGPU (SwiftShader's adapter; needs the secure context 127.0.0.1 gives). */
export const GPU_FLAGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--enable-unsafe-webgpu"];

export interface Playground {
  page: Page;
  /** The page's address (http://127.0.0.1:PORT/). */
  url: string;
  close(): Promise<void>;
}

/** Serve and open the playground; `args` adds Chromium flags (GPU_FLAGS, say); `hash` is appended to the page's URL. */
export async function openPlayground(opts: { args?: string[]; acceptDownloads?: boolean; prepare?: (page: Page) => void; hash?: string } = {}): Promise<Playground> {
  const { startPlayground } = await import("../../scripts/serve-playground.mjs" as string);
  const server: { url: string; close(): Promise<unknown> } = await startPlayground({ port: 0 });
  const profile = mkdtempSync(join(tmpdir(), "linc-chromium-"));
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...QUIET, ...(opts.args ?? [])],
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: opts.acceptDownloads ?? false,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  opts.prepare?.(page);
  await page.goto(server.url + (opts.hash ?? ""));
  await page.waitForFunction(() => "lincPlayground" in window, undefined, { timeout: 60000 });
  return {
    page,
    url: server.url,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
