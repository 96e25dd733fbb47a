import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PublicationStore } from '../../../shared/store/publication-store.ts';
import { linkIn, NewsletterRig } from '../../support/newsletter-rig.ts';
import { makePost } from '../../support/post-factory.ts';
import { testPublication } from '../../support/test-publication.ts';

const PERSIAN_SERVICE = testPublication('fa', {
  title: 'دیدبان حقوق استپ',
  description: 'گزارش دادگاه‌ها و آزادی مطبوعات از بخش فارسی.',
  siteUrl: 'https://fa.humanrights.example.org/',
  language: 'fa',
});

const persianPost = makePost({
  id: 'fa-pensioners-gather-again',
  publication: 'fa',
  title: 'بازنشستگان دوباره در برابر وزارتخانه گرد آمدند',
  summary: 'آن‌ها می‌گویند مستمری‌شان شش ماه است پرداخت نشده است.',
  url: 'https://fa.humanrights.example.org/2026/11/pensioners-gather-again',
  language: 'fa',
  publishedAt: '2026-11-29T12:00:00Z',
  updatedAt: '2026-11-29T12:00:00Z',
});
const englishPost = makePost({
  id: 'editor-acquitted',
  title: 'Court acquits the editor of the Steppe Herald',
  url: 'https://humanrights.example.org/2026/11/editor-acquitted',
  publishedAt: '2026-11-29T13:00:00Z',
  updatedAt: '2026-11-29T13:00:00Z',
});

describe('a newsletter of a publication other than the default one', () => {
  let rig: NewsletterRig;

  beforeEach(async () => {
    rig = await new NewsletterRig().start();
    await new PublicationStore(rig.clients.documents, rig.tableName).add(PERSIAN_SERVICE);
    await rig.addNewsletter({ publication: 'fa', title: 'خبرنامهٔ صبح' });
  });
  afterEach(() => rig.close());

  it("digests that publication's own feed, in Persian, right to left, with its settings", async () => {
    const reader = rig.address('fa-reader');
    expect((await rig.subscribe(reader, { newsletter: 'fa/morning-brief' })).status).toBe(200);
    const [confirmation] = await rig.mailTo(reader);
    expect(confirmation?.subject).toBe('اشتراک خود در خبرنامهٔ صبح را تأیید کنید');
    expect((await rig.web({ method: 'POST', ...linkIn(confirmation?.body.text ?? '', 'confirm') })).status).toBe(200);

    await rig.publish(persianPost, englishPost);
    rig.now = new Date('2026-11-30T02:05:00Z'); // 07:05 in Tashkent
    const planned = await rig.services.planner.planDue();
    expect(planned.outcomes).toEqual([expect.objectContaining({ kind: 'planned', newsletter: 'fa/morning-brief', posts: 1, recipients: 1 })]);
    await rig.sendQueued();

    const digest = (await rig.mailTo(reader)).at(-1);
    const html = digest?.body.html ?? '';
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain(persianPost.title);
    expect(html).toContain(PERSIAN_SERVICE.siteUrl);
    expect(html).not.toContain(englishPost.title);
    expect(digest?.body.text).toContain(persianPost.url);
  });

  it('answers a filled honeypot exactly as a person, in the publication\'s language, so a bot cannot tell it was caught', async () => {
    const person = await rig.subscribe(rig.address('fa-person'), { newsletter: 'fa/morning-brief' });
    const bot = await rig.subscribe(rig.address('fa-bot'), { newsletter: 'fa/morning-brief', website: 'https://spam.example.com/' });
    expect(bot).toEqual(person);
    expect(await rig.mailTo(rig.address('fa-bot'))).toEqual([]);
  });

  it('reads the settings the publication has now, as the publish path does', async () => {
    await new PublicationStore(rig.clients.documents, rig.tableName).update('fa', { siteUrl: 'https://fa.rights.example.net/' });
    await rig.publish(persianPost);
    const newsletter = await rig.services.newsletters.get({ publication: 'fa', id: 'morning-brief' });
    if (!newsletter) throw new Error('the newsletter was not stored');
    const digest = await rig.services.planner.digestOf(newsletter, '2026-11-30T02:00:00.000Z');
    expect(digest).toMatchObject({ publication: 'fa', publicationTitle: PERSIAN_SERVICE.title, siteUrl: 'https://fa.rights.example.net/', language: 'fa' });
    expect(digest?.posts.map((post) => post.id)).toEqual([persianPost.id]);
  });
});
