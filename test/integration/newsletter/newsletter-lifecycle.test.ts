import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkIn, NewsletterRig } from '../../support/newsletter-rig.ts';
import { makePost } from '../../support/post-factory.ts';

/** A post first published (and last updated) at `publishedAt`. */
function newPost(fields: Parameters<typeof makePost>[0] & { publishedAt: string }) {
  return makePost({ updatedAt: fields.publishedAt, ...fields });
}

const detained = newPost({
  id: 'blogger-detained-at-border',
  title: 'Blogger detained at the border crossing',
  summary: 'Customs officers held him for nine hours and copied his phone.',
  url: 'https://humanrights.example.org/2026/11/blogger-detained-at-border',
  image: { url: 'https://humanrights.example.org/media/border-post.jpg', type: 'image/jpeg', caption: 'The crossing at dawn' },
  publishedAt: '2026-11-29T15:00:00Z',
});
const hearing = newPost({
  id: 'hearing-postponed-again',
  title: 'Hearing postponed again',
  summary: 'The defence says the delays are a punishment in themselves.',
  url: 'https://humanrights.example.org/2026/11/hearing-postponed-again',
  publishedAt: '2026-11-29T20:30:00Z',
});
const later = newPost({
  id: 'union-leader-released',
  title: 'Union leader released after forty days',
  summary: 'She was met at the gate by colleagues from the oil fields.',
  url: 'https://humanrights.example.org/2026/11/union-leader-released',
  publishedAt: '2026-11-30T10:00:00Z',
});

describe('newsletter from subscribe to unsubscribe, against DynamoDB Local and the SES emulator', () => {
  let rig: NewsletterRig;

  beforeEach(async () => {
    rig = await new NewsletterRig().start();
    await rig.addNewsletter();
  });
  afterEach(() => rig.close());

  it('confirms by mail, sends the digest with RFC 8058 headers, and stops after a one-click unsubscribe', async () => {
    const reader = rig.address('zhanna');
    expect((await rig.subscribe(reader)).status).toBe(200);
    const [confirmation, ...others] = await rig.mailTo(reader);
    expect(others).toEqual([]);
    expect(confirmation?.subject).toBe('Confirm your subscription to Morning Brief');
    expect(confirmation?.from).toBe('brief@humanrights.example.org');

    // Not subscribed until the link is followed: a digest now goes to nobody.
    await rig.publish(detained, hearing);
    rig.now = new Date('2026-11-30T02:05:00Z'); // 07:05 in Tashkent
    const early = await rig.services.planner.planDue();
    expect(early.outcomes).toEqual([expect.objectContaining({ kind: 'planned', posts: 2, recipients: 0 })]);

    const confirmLink = linkIn(confirmation?.body.text ?? '', 'confirm');
    const page = await rig.web({ method: 'GET', ...confirmLink });
    expect(page.body).toContain('method="post"');
    expect((await rig.subscribers()).confirmed).toBe(0);
    expect((await rig.web({ method: 'POST', ...confirmLink })).status).toBe(200);
    expect((await rig.subscribers()).confirmed).toBe(1);

    await rig.publish(later);
    rig.now = new Date('2026-12-01T02:05:00Z');
    const planned = await rig.services.planner.planDue();
    expect(planned.outcomes).toEqual([expect.objectContaining({ kind: 'planned', posts: 1, recipients: 1, batches: 1 })]);
    await rig.sendQueued();

    const digest = (await rig.mailTo(reader)).at(-1);
    expect(digest?.subject).toBe('Morning Brief: Union leader released after forty days');
    expect(digest?.body.text).toContain('She was met at the gate by colleagues from the oil fields.');
    expect(digest?.body.text).toContain('https://humanrights.example.org/2026/11/union-leader-released');
    expect(digest?.body.html).toContain('<html lang="en" dir="ltr">');
    const unsubscribe = linkIn(digest?.body.text ?? '', 'unsubscribe');
    const headers = Object.fromEntries((digest?.headers ?? []).map((header) => [header.name, header.value]));
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['List-Unsubscribe']).toBe(`<https://newsletter.humanrights.example.org/unsubscribe?${unsubscribe.query.toString()}>`);

    // What a mail client does for one-click: POST the List-Unsubscribe URL with that body.
    const oneClick = await rig.web({ method: 'POST', ...unsubscribe, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(oneClick.body).toContain('You will not receive Morning Brief any more.');

    await rig.publish(newPost({ id: 'next-day-report', url: 'https://humanrights.example.org/2026/12/next-day-report', publishedAt: '2026-12-01T09:00:00Z' }));
    rig.now = new Date('2026-12-02T02:05:00Z');
    const afterwards = await rig.services.planner.planDue();
    expect(afterwards.outcomes).toEqual([expect.objectContaining({ kind: 'planned', posts: 1, recipients: 0 })]);
    await rig.sendQueued();
    expect(await rig.mailTo(reader)).toHaveLength(2);
  });

  it('an unsubscribe between planning and sending is honoured by the sender', async () => {
    const reader = await rig.confirmedReader('aliya');
    await rig.publish(later);
    rig.now = new Date('2026-12-01T02:05:00Z');
    await rig.services.planner.planDue();
    const unsubscribe = rig.services.links.unsubscribe({ publication: 'default', id: 'morning-brief' }, rig.services.protection.lookupKey(reader));
    const url = new URL(unsubscribe);
    await rig.web({ method: 'POST', path: url.pathname, query: url.searchParams, body: 'List-Unsubscribe=One-Click' });
    await rig.sendQueued();
    expect(await rig.mailTo(reader)).toHaveLength(1); // the confirmation only
  });

  it('sends no digest when nothing was published since the last one', async () => {
    await rig.confirmedReader('daulet');
    rig.now = new Date('2026-12-01T02:05:00Z');
    const run = await rig.services.planner.planDue();
    expect(run.outcomes).toEqual([expect.objectContaining({ kind: 'nothing-new' })]);
    expect(rig.queued).toEqual([]);
    // The slot is spent: the next run within the day plans nothing.
    rig.now = new Date('2026-12-01T03:00:00Z');
    expect((await rig.services.planner.planDue()).due).toBe(0);
  });

  it('a permanent bounce suppresses the address for every later send; a transient one does not', async () => {
    const bouncing = await rig.confirmedReader('bounces');
    const flaky = await rig.confirmedReader('full-mailbox');
    const bounce = (address: string, bounceType: string) => JSON.stringify({ eventType: 'Bounce', bounce: { bounceType, bouncedRecipients: [{ emailAddress: address }] }, mail: {} });
    expect(await rig.services.sesEvents.record(bounce(bouncing.toUpperCase(), 'Permanent'))).toBe(1);
    expect(await rig.services.sesEvents.record(bounce(flaky, 'Transient'))).toBe(0);

    await rig.publish(later);
    rig.now = new Date('2026-12-01T02:05:00Z');
    await rig.services.planner.planDue();
    await rig.sendQueued();
    expect(await rig.mailTo(bouncing)).toHaveLength(1);
    expect(await rig.mailTo(flaky)).toHaveLength(2);
    expect(JSON.stringify(rig.log.events)).not.toContain(bouncing);
  });

  it('a complaint suppresses too', async () => {
    const reader = await rig.confirmedReader('complains');
    await rig.services.sesEvents.record(JSON.stringify({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: reader }] } }));
    await rig.publish(later);
    rig.now = new Date('2026-12-01T02:05:00Z');
    await rig.services.planner.planDue();
    await rig.sendQueued();
    expect(await rig.mailTo(reader)).toHaveLength(1);
  });

  it('a batch delivered twice, or planned twice, sends each reader one digest', async () => {
    const reader = await rig.confirmedReader('once');
    await rig.publish(later);
    rig.now = new Date('2026-12-01T02:05:00Z');
    const newsletter = await rig.services.newsletters.get({ publication: 'default', id: 'morning-brief' });
    if (!newsletter) throw new Error('newsletter missing');
    // A scheduler run that died before advancing: the next one plans the same slot again.
    const slot = '2026-12-01T01:00:00.000Z';
    await rig.services.planner.planIssue(newsletter, slot);
    await rig.services.planner.planIssue(newsletter, slot);
    const batches = [...rig.queued];
    expect(batches).toHaveLength(2);
    await rig.sendQueued();
    const again = await rig.services.sender.sendBatch(batches[0]!);
    expect(again).toEqual({ sent: 0, notSubscribed: 0, suppressed: 0, alreadySent: 1 });
    expect(await rig.mailTo(reader)).toHaveLength(2); // confirmation + one digest
  });
});
