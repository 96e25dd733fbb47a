import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkIn, NewsletterRig } from '../../support/newsletter-rig.ts';

const FLOOR_MS = 300;

describe('the subscribe endpoint against abuse', () => {
  let rig: NewsletterRig;

  beforeEach(async () => {
    rig = await new NewsletterRig({ subscribeResponseFloorMs: FLOOR_MS }).start();
    await rig.addNewsletter();
  });
  afterEach(() => rig.close());

  it('answers a new, a pending and a subscribed address identically, and no sooner than the floor', async () => {
    const subscribed = await rig.confirmedReader('subscribed');
    const pending = rig.address('pending');
    await rig.subscribe(pending);
    const fresh = rig.address('fresh');

    const answers = [];
    for (const address of [fresh, pending, subscribed]) {
      const started = performance.now();
      const response = await rig.subscribe(address);
      answers.push({ status: response.status, headers: response.headers, body: response.body, atLeastFloor: performance.now() - started >= FLOOR_MS });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ status: 200, atLeastFloor: true });
    expect(answers[0]?.body).toContain('Check your inbox');
    // Only the new address got a confirmation from these three requests.
    expect(await rig.mailTo(fresh)).toHaveLength(1);
    expect(await rig.mailTo(pending)).toHaveLength(1);
    expect(await rig.mailTo(subscribed)).toHaveLength(1);
  });

  it('sends at most one confirmation per address an hour, and another after the hour', async () => {
    const reader = rig.address('impatient');
    await rig.subscribe(reader);
    await rig.subscribe(reader.toUpperCase());
    rig.now = new Date(rig.now.getTime() + 59 * 60 * 1000);
    await rig.subscribe(reader);
    expect(await rig.mailTo(reader)).toHaveLength(1);
    rig.now = new Date(rig.now.getTime() + 2 * 60 * 1000);
    await rig.subscribe(reader);
    expect(await rig.mailTo(reader)).toHaveLength(2);
  });

  it('ignores a filled honeypot with the usual answer and sends nothing', async () => {
    const reader = rig.address('bot-target');
    const response = await rig.subscribe(reader, { website: 'https://spam.example.com/' });
    expect(response.status).toBe(200);
    expect(response.body).toContain('Check your inbox');
    expect(await rig.mailTo(reader)).toEqual([]);
    expect((await rig.subscribers()).pending).toBe(0);
  });

  it('limits one client to 30 attempts an hour with a 429', async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 31; attempt += 1) statuses.push((await rig.subscribe(rig.address(`many-${attempt}`), {}, '203.0.113.9')).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await rig.subscribe(rig.address('neighbour'), {}, '203.0.113.10')).status).toBe(200);
    expect(await rig.mailTo(rig.address('many-30'))).toEqual([]);
  });

  it('refuses forged, tampered, cross-purpose and expired links', async () => {
    const reader = rig.address('links');
    await rig.subscribe(reader);
    const [confirmation] = await rig.mailTo(reader);
    const confirm = linkIn(confirmation?.body.text ?? '', 'confirm');
    const token = confirm.query.get('token') ?? '';
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const status = async (path: string, value: string) => (await rig.web({ method: 'POST', path, query: new URLSearchParams({ token: value }) })).status;
    expect(await status('/confirm', tampered)).toBe(400);
    expect(await status('/unsubscribe', token)).toBe(400); // a confirmation token cannot unsubscribe
    rig.now = new Date(rig.now.getTime() + 49 * 60 * 60 * 1000);
    expect(await status('/confirm', token)).toBe(400);
    expect((await rig.subscribers()).confirmed).toBe(0);
  });

  it('answers oversized fields as a bad form, not a server error, and refuses an oversized body unread', async () => {
    const hugeAddress = rig.address('x'.repeat(2_000));
    expect((await rig.subscribe(hugeAddress)).status).toBe(400);
    expect((await rig.subscribe(rig.address('reader'), { newsletter: `default/${'n'.repeat(300)}` })).status).toBe(404);
    expect((await rig.subscribe(rig.address('reader'), { website: 'w'.repeat(5_000) })).body).toContain('Check your inbox');
    const oversized = new URLSearchParams({ newsletter: 'default/morning-brief', email: rig.address('big'), padding: 'p'.repeat(20_000) }).toString();
    expect((await rig.web({ method: 'POST', path: '/subscribe', body: oversized })).status).toBe(413);
    expect(await rig.mailTo(rig.address('big'))).toEqual([]);
  });

  it('never logs a full address', async () => {
    const reader = rig.address('private-person');
    await rig.subscribe(reader);
    await rig.subscribe(reader);
    const logged = JSON.stringify(rig.log.events);
    expect(logged).toContain('pr***@');
    expect(logged).not.toContain(reader);
    expect(logged).not.toContain(rig.recipientDomain);
  });
});
