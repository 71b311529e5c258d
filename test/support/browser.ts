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

export interface Playground {
  page: Page;
  close(): Promise<void>;
}

/** Serve and open the playground; `args` adds Chromium flags (WebGL2 through SwiftShader, say). */
export async function openPlayground(opts: { args?: string[]; acceptDownloads?: boolean; prepare?: (page: Page) => void } = {}): Promise<Playground> {
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
  await page.goto(server.url);
  await page.waitForFunction(() => "lincPlayground" in window, undefined, { timeout: 60000 });
  return {
    page,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
