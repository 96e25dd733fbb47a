import { escapeHtml } from '../../site/html-escape.ts';
import { textDirectionOf } from '../../site/text-direction.ts';
import { newsletterMessagesFor } from '../newsletter-messages.ts';
import type { Digest, DigestPost } from './digest.ts';

/** One recipient's mail: the same digest for everyone, with that recipient's unsubscribe link. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface RecipientLinks {
  unsubscribeUrl: string;
}

/** Line breaks, tabs and other controls: a Subject must be one line, or it begins a header of its own. */
const SUBJECT_BREAKS = /[\s\u0000-\u001F\u007F-\u009F]+/g;

export function digestSubject(digest: Digest): string {
  const newest = digest.posts[0]?.title ?? '';
  return `${digest.title}: ${newest}`.replace(SUBJECT_BREAKS, ' ').trim();
}

/**
 * HTML with inline styles and one centred column (mail clients drop `<style>` and most layout),
 * in the publication's language and direction; the plain-text part says the same for clients and
 * readers that show no HTML.
 */
export function renderDigestMail(digest: Digest, links: RecipientLinks): RenderedMail {
  return { subject: digestSubject(digest), html: renderDigestHtml(digest, links), text: renderDigestText(digest, links) };
}

export function renderDigestHtml(digest: Digest, links: RecipientLinks): string {
  const messages = newsletterMessagesFor(digest.language);
  const direction = textDirectionOf(digest.language);
  const align = direction === 'rtl' ? 'right' : 'left';
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(digest.language)}" dir="${direction}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(digestSubject(digest))}</title></head>`,
    `<body style="margin:0;padding:0;background:#f4f4f1;color:#1d1d1b;font-family:Georgia,'Noto Serif','Noto Naskh Arabic',serif;">`,
    `<div style="max-width:600px;margin:0 auto;padding:24px 16px;text-align:${align};">`,
    `<p style="margin:0;font:600 13px/1.4 system-ui,sans-serif;letter-spacing:.04em;text-transform:uppercase;color:#6b6b66;"><a href="${escapeHtml(digest.siteUrl)}" style="color:#6b6b66;text-decoration:none;">${escapeHtml(digest.publicationTitle)}</a></p>`,
    `<h1 style="margin:4px 0 8px;font-size:28px;line-height:1.2;">${escapeHtml(digest.title)}</h1>`,
    `<p style="margin:0 0 24px;font:15px/1.5 system-ui,sans-serif;color:#4a4a46;">${escapeHtml(messages.digestIntro(digest.posts.length))}</p>`,
    ...digest.posts.map((post) => postHtml(post, messages.readMore)),
    `<hr style="border:0;border-top:1px solid #d8d8d2;margin:32px 0 16px;">`,
    `<p style="margin:0 0 8px;font:13px/1.5 system-ui,sans-serif;color:#6b6b66;">${escapeHtml(messages.whyYouGetThis(digest.title))}</p>`,
    `<p style="margin:0;font:13px/1.5 system-ui,sans-serif;"><a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#6b6b66;">${escapeHtml(messages.unsubscribe)}</a></p>`,
    '</div></body></html>',
    '',
  ].join('\n');
}

function postHtml(post: DigestPost, readMore: string): string {
  const url = escapeHtml(post.url);
  const image = post.image
    ? `<a href="${url}"><img src="${escapeHtml(post.image.url)}" alt="${escapeHtml(post.image.alt)}" width="568" style="display:block;width:100%;max-width:568px;height:auto;border:0;margin:0 0 12px;"></a>`
    : '';
  return [
    `<div style="margin:0 0 28px;padding:16px;background:#ffffff;border-radius:6px;">`,
    image,
    `<h2 style="margin:0 0 8px;font-size:21px;line-height:1.3;"><a href="${url}" style="color:#1d1d1b;text-decoration:none;">${escapeHtml(post.title)}</a></h2>`,
    post.summary === '' ? '' : `<p style="margin:0 0 10px;font-size:16px;line-height:1.55;">${escapeHtml(post.summary)}</p>`,
    `<p style="margin:0;font:600 14px/1.4 system-ui,sans-serif;"><a href="${url}" style="color:#8a1c1c;">${escapeHtml(readMore)}</a></p>`,
    '</div>',
  ].join('');
}

export function renderDigestText(digest: Digest, links: RecipientLinks): string {
  const messages = newsletterMessagesFor(digest.language);
  const posts = digest.posts.map((post) => [post.title, ...(post.summary === '' ? [] : [post.summary]), post.url].join('\n'));
  return [
    `${digest.title} (${digest.publicationTitle})`,
    messages.digestIntro(digest.posts.length),
    '',
    posts.join('\n\n'),
    '',
    '--',
    messages.whyYouGetThis(digest.title),
    `${messages.unsubscribe}: ${links.unsubscribeUrl}`,
    '',
  ].join('\n');
}
