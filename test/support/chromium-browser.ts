import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SITE_CONTENT_SECURITY_POLICY } from '../../shared/site/site-content-security-policy.ts';

/** Debian's package (`apt-get install chromium`); `.ci/run` installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** The switch Chromium's XSLT removal flips: how a browser without XSLT sees our feeds. */
export const WITHOUT_XSLT = '--disable-features=XSLT';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Runs in the page (the project compiles without DOM types, so it goes over as source): decodes a
 * PNG and counts the pixels whose colour differs from the top-left one.
 */
const COUNT_DIFFERING_PIXELS = `async (base64) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + base64;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let differing = 0;
  for (let offset = 0; offset < data.length; offset += 4) {
    if (data[offset] !== data[0] || data[offset + 1] !== data[1] || data[offset + 2] !== data[2]) differing += 1;
  }
  return differing;
}`;

/** axe-core's browser build, evaluated in the page through DevTools, which the page's CSP does not govern. */
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Fails with the command that fixes it when the browser is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); .ci/run does this in CI`);
  }
}

/** Chromium with a fresh profile per launch (nothing cached or remembered), all closed together. */
export class ChromiumSessions {
  private readonly userDataDirs: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  async launch(extraArgs: string[] = [], options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'feedline-chromium-'));
    this.userDataDirs.push(userDataDir);
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      viewport: { width: 1024, height: 768 },
      ...options,
    });
    this.contexts.push(context);
    return context;
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close()));
    await Promise.all(this.userDataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Every response from these servers carries the site's Content-Security-Policy, as from CloudFront. */
export async function sendSitePolicy(context: BrowserContext, ...serverUrls: string[]): Promise<void> {
  for (const serverUrl of serverUrls) {
    await context.route(`${serverUrl}/**`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': SITE_CONTENT_SECURITY_POLICY } });
    });
  }
}

/**
 * Saves the screenshot as `<directory>/<name>.png` and returns how many of its pixels differ from
 * its corner's background colour, decoded by the browser itself in a page of `probe`.
 */
export async function saveScreenshot(page: Page, probe: BrowserContext, directory: string, name: string): Promise<number> {
  const png = await page.screenshot({ fullPage: false });
  await writeFile(path.join(directory, `${name}.png`), png);
  const probePage = await probe.newPage();
  const differing = await probePage.evaluate<number>(`(${COUNT_DIFFERING_PIXELS})(${JSON.stringify(png.toString('base64'))})`);
  await probePage.close();
  return differing;
}

/** axe-core's WCAG 2.x A and AA rules and its best practices, run in the page as it is shown. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(await AXE_SOURCE);
  return page.evaluate<string[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations.map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`,
  );
}
