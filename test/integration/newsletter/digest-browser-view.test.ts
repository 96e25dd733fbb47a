import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMail } from '../../../local/emulators/ses-emulator.ts';
import { linkIn, NewsletterRig } from '../../support/newsletter-rig.ts';
import { makePost } from '../../support/post-factory.ts';
import { testSite } from '../../support/test-site.ts';

/** Debian's package (`apt-get install chromium`); `.ci/run` installs it when missing. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.resolve('tmp/screenshots');

const englishPosts = [
  makePost({ id: 'steppe-court-acquits-editor', title: 'Court acquits the editor of the Steppe Herald', summary: 'The judge found no evidence that the article incited anything.', url: 'https://humanrights.example.org/2026/11/steppe-court-acquits-editor', image: { url: 'https://humanrights.example.org/media/courthouse.jpg', type: 'image/jpeg', caption: 'The courthouse steps' }, publishedAt: '2026-11-29T10:00:00Z', updatedAt: '2026-11-29T10:00:00Z' }),
  makePost({ id: 'shelter-reopens', title: 'Women’s shelter reopens after the winter', summary: 'Volunteers repaired the roof themselves.', url: 'https://humanrights.example.org/2026/11/shelter-reopens', publishedAt: '2026-11-29T16:00:00Z', updatedAt: '2026-11-29T16:00:00Z' }),
];
const persianPosts = [
  makePost({ id: 'fa-teachers-union', title: 'معلمان بازنشسته دوباره در برابر وزارتخانه جمع شدند', summary: 'آن‌ها می‌گویند حقوقشان شش ماه است پرداخت نشده است.', url: 'https://fa.humanrights.example.org/2026/11/teachers-union', language: 'fa', publishedAt: '2026-11-29T12:00:00Z', updatedAt: '2026-11-29T12:00:00Z' }),
];

/** The digest as a subscriber receives it: subscribed and confirmed through the form, sent through the SES emulator, read back from it. */
async function deliveredDigest(rig: NewsletterRig, posts: ReturnType<typeof makePost>[]): Promise<StoredMail> {
  await rig.addNewsletter();
  const reader = await rig.confirmedReader('browser-reader');
  await rig.publish(...posts);
  rig.now = new Date('2026-11-30T02:05:00Z');
  await rig.services.planner.planDue();
  await rig.sendQueued();
  const digest = (await rig.mailTo(reader)).at(-1);
  if (!digest?.body.html) throw new Error('no digest delivered');
  return digest;
}

describe('the digest e-mail in a browser, left to right and right to left', () => {
  let context: BrowserContext;
  let userDataDir: string;
  const rigs: NewsletterRig[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); .ci/run does this in CI`);
    await mkdir(SCREENSHOTS, { recursive: true });
    userDataDir = await mkdtemp(path.join(tmpdir(), 'feedline-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 720, height: 900 },
    });
    // No test reaches beyond 127.0.0.1: the lead images' hosts are refused, as a mail client blocking remote images would.
    await context.route('**/*', (route) => route.abort());
  });

  afterAll(async () => {
    await context?.close();
    rigs.forEach((rig) => rig.close());
    await rm(userDataDir, { recursive: true, force: true });
  });

  async function newRig(language: string): Promise<NewsletterRig> {
    const rig = await new NewsletterRig({ site: testSite({ language, title: language === 'fa' ? 'دیده‌بان حقوق استپ' : 'Steppe Rights Monitor' }) }).start();
    rigs.push(rig);
    return rig;
  }

  /** Where the heading sits in the 600-pixel column: its left and right gaps to the column's edges. */
  async function headingGaps(html: string, name: string): Promise<{ direction: string; left: number; right: number }> {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'domcontentloaded' });
    await writeFile(path.join(SCREENSHOTS, `${name}.png`), await page.screenshot({ fullPage: true }));
    const column = await page.locator('body > div').boundingBox();
    // The intro line's text, not its block box: the text sits at the start edge of the column.
    const intro = await page.evaluate<{ left: number; right: number }>(
      "(() => { const range = document.createRange(); range.selectNodeContents(document.querySelectorAll('body > div > p')[1]); const box = range.getBoundingClientRect(); return { left: box.left, right: box.right }; })()",
    );
    const direction = await page.evaluate<string>('getComputedStyle(document.body.firstElementChild).direction');
    await page.close();
    if (!column) throw new Error('no column');
    return { direction, left: intro.left - column.x, right: column.x + column.width - intro.right };
  }

  it('lays the English digest out left to right, with a plain-text part that says the same', async () => {
    const digest = await deliveredDigest(await newRig('en'), englishPosts);
    expect(digest.body.html).toContain('<html lang="en" dir="ltr">');
    const gaps = await headingGaps(digest.body.html ?? '', 'newsletter-digest-ltr');
    expect(gaps.direction).toBe('ltr');
    expect(gaps.left).toBeLessThan(gaps.right);
    const text = digest.body.text ?? '';
    expect(text.split('\n').slice(0, 2)).toEqual(['Morning Brief (Steppe Rights Monitor)', '2 new posts since the last issue.']);
    expect(text.indexOf('Women’s shelter reopens after the winter')).toBeLessThan(text.indexOf('Court acquits the editor of the Steppe Herald'));
    expect(text).toContain('The judge found no evidence that the article incited anything.\nhttps://humanrights.example.org/2026/11/steppe-court-acquits-editor');
    expect(linkIn(text, 'unsubscribe').query.get('token')).toMatch(/\./);
  });

  it('lays the Persian digest out right to left, in Persian', async () => {
    const digest = await deliveredDigest(await newRig('fa'), persianPosts);
    expect(digest.body.html).toContain('<html lang="fa" dir="rtl">');
    expect(digest.body.html).toContain('لغو اشتراک');
    const gaps = await headingGaps(digest.body.html ?? '', 'newsletter-digest-rtl');
    expect(gaps.direction).toBe('rtl');
    expect(gaps.right).toBeLessThan(gaps.left);
    const text = digest.body.text ?? '';
    expect(text).toContain('معلمان بازنشسته دوباره در برابر وزارتخانه جمع شدند');
    expect(text).toContain('لغو اشتراک: https://newsletter.humanrights.example.org/unsubscribe?token=');
  });
});
