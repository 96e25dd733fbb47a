import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { pointCliAtEmulators } from '../../support/cli-local-state.ts';
import { NEWSLETTER_BASE_URL, NewsletterRig, TEST_NEWSLETTER_SECRET } from '../../support/newsletter-rig.ts';
import { makePost } from '../../support/post-factory.ts';

let rig: NewsletterRig;

beforeAll(async () => {
  rig = await new NewsletterRig().start();
  await pointCliAtEmulators({ tableName: rig.tableName, newsletter: { baseUrl: NEWSLETTER_BASE_URL, secret: TEST_NEWSLETTER_SECRET } });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.unstubAllEnvs();
  rig.close();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  vi.restoreAllMocks();
  const output = captureOutput();
  const code = await main(args);
  return { code, out: output.out(), err: output.err() };
}

describe('feedline newsletter commands against the running local pipeline', () => {
  it('says what is wrong with an address given to export or forget', async () => {
    const long = await run('newsletter', 'export', `${'a'.repeat(300)}@example.org`);
    expect(long).toMatchObject({ code: 1, err: 'error: the address: must be at most 254 characters\n' });
    expect((await run('newsletter', 'forget', 'reader@@example.org')).err).toBe('error: the address: must be an e-mail address\n');
  });

  it('adds, lists, counts, previews, dry-runs and sends an issue', async () => {
    const added = await run('newsletter', 'add', 'default/morning-brief', '--title', 'Morning Brief', '--from', 'brief@humanrights.example.org', '--schedule', 'daily 07:00 Asia/Tashkent');
    expect(added).toMatchObject({ code: 0, out: expect.stringContaining('added default/morning-brief: daily at 07:00 Asia/Tashkent, feed all') });
    expect((await run('newsletter', 'add', 'default/morning-brief', '--title', 'Again', '--from', 'brief@humanrights.example.org', '--schedule', 'daily 07:00 UTC')).code).toBe(1);
    const bad = await run('newsletter', 'add', 'default/evening', '--title', 'Evening', '--from', 'not-an-address', '--schedule', 'daily 25:00 Nowhere/Town');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('from: must be an e-mail address');
    expect(bad.err).toContain('schedule.time: must be HH:MM');

    expect((await run('newsletter', 'list')).out).toContain('default/morning-brief  "Morning Brief"  feed all  daily at 07:00 Asia/Tashkent');

    const reader = await rig.confirmedReader('cli-reader');
    await rig.subscribe(rig.address('cli-pending'));
    const counts = await run('newsletter', 'subscribers', 'default/morning-brief');
    expect(counts.out).toContain('default/morning-brief: 1 confirmed, 1 pending, 0 unsubscribed');
    expect(counts.out).not.toContain(rig.recipientDomain);

    expect((await run('newsletter', 'send', 'default/morning-brief', '--dry-run')).out).toContain('nothing new');
    await rig.publish(makePost({ id: 'cli-digest-post', title: 'Press card withdrawn from a local editor', url: 'https://humanrights.example.org/2026/11/press-card-withdrawn', publishedAt: new Date(Date.now() - 60_000).toISOString(), updatedAt: new Date(Date.now() - 60_000).toISOString() }));
    const preview = await run('newsletter', 'preview', 'default/morning-brief');
    expect(preview.out).toContain('Press card withdrawn from a local editor');
    expect(preview.out).toContain('Unsubscribe: https://newsletter.invalid/unsubscribe?token=');
    const dry = await run('newsletter', 'send', 'default/morning-brief', '--dry-run');
    expect(dry.out).toContain('would send "Press card withdrawn from a local editor" and 0 more post(s) to 1 confirmed subscriber(s)');
    expect(await rig.mailTo(reader)).toHaveLength(1);

    expect((await run('newsletter', 'send', 'default/morning-brief')).out).toContain('sent 1 post(s) to 1 subscriber(s)');
    const mails = await rig.mailTo(reader);
    expect(mails.at(-1)?.subject).toBe('Morning Brief: Press card withdrawn from a local editor');
    expect((await run('newsletter', 'send', 'default/morning-brief')).out).toContain('nothing new');
  });

  it('exports what is held about an address, then forgets it', async () => {
    const reader = await rig.confirmedReader('cli-leaving');
    const exported = JSON.parse((await run('newsletter', 'export', reader.toUpperCase())).out);
    expect(exported.subscriptions).toEqual([expect.objectContaining({ newsletter: 'default/morning-brief', status: 'confirmed', addressStored: true })]);
    expect((await run('newsletter', 'forget', reader)).out).toContain('erased 1 subscription(s)');
    expect(JSON.parse((await run('newsletter', 'export', reader)).out).subscriptions).toEqual([]);
    expect((await run('newsletter', 'export', 'nope')).code).toBe(1);
  });
});
