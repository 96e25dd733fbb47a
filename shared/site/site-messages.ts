import { escapeHtml } from './html-escape.ts';
import { textDirectionOf, type TextDirection } from './text-direction.ts';

/** Every text the subscribe page writes that does not come from the feed, in one language. */
export interface SiteMessages {
  /** The BCP 47 tag these texts are written in: the page's `lang`. */
  language: string;
  direction: TextDirection;
  allPosts: string;
  topic(label: string): string;
  partner(label: string): string;
  subscribeTo(feedName: string): string;
  whatIsAFeed: string;
  subscribeHeading: string;
  feedAddress: string;
  pasteHint: string;
  copy: string;
  copied: string;
  copyFailed: string;
  oneClickHeading: string;
  otherFormatsHeading: string;
  latestHeading: string;
  noItems: string;
  visitWebsite: string;
  allFeedsOf(siteTitle: string): string;
}

const ENGLISH: SiteMessages = {
  language: 'en',
  direction: 'ltr',
  allPosts: 'All posts',
  topic: (label) => `Topic: ${label}`,
  partner: (label) => `Partner: ${label}`,
  subscribeTo: (feedName) => `Subscribe to ${feedName}`,
  whatIsAFeed: 'A feed is an address your feed reader app follows: it shows you every new post here, without you having to come back and look.',
  subscribeHeading: 'Subscribe',
  feedAddress: 'Feed address',
  pasteHint: 'Paste it into your feed reader to subscribe.',
  copy: 'Copy',
  copied: 'Address copied.',
  copyFailed: 'Could not copy: select the address and copy it yourself.',
  oneClickHeading: 'Or subscribe in one click with',
  otherFormatsHeading: 'The same feed in other formats',
  latestHeading: 'Latest',
  noItems: 'No posts yet.',
  visitWebsite: 'Visit the website',
  allFeedsOf: (siteTitle) => `All feeds of ${siteTitle}`,
};

const PERSIAN: SiteMessages = {
  language: 'fa',
  direction: 'rtl',
  allPosts: 'همهٔ نوشته‌ها',
  topic: (label) => `موضوع: ${label}`,
  partner: (label) => `همکار: ${label}`,
  subscribeTo: (feedName) => `اشتراک در ${feedName}`,
  whatIsAFeed: 'خوراک نشانی‌ای است که برنامهٔ خبرخوان شما دنبالش می‌کند: هر نوشتهٔ تازهٔ اینجا را نشانتان می‌دهد، بی‌آنکه لازم باشد دوباره سر بزنید.',
  subscribeHeading: 'اشتراک',
  feedAddress: 'نشانی خوراک',
  pasteHint: 'برای اشتراک، آن را در خبرخوان خود بچسبانید.',
  copy: 'کپی',
  copied: 'نشانی کپی شد.',
  copyFailed: 'کپی نشد: نشانی را انتخاب کنید و خودتان کپی کنید.',
  oneClickHeading: 'یا با یک کلیک مشترک شوید در',
  otherFormatsHeading: 'همین خوراک در قالب‌های دیگر',
  latestHeading: 'تازه‌ترین‌ها',
  noItems: 'هنوز نوشته‌ای نیست.',
  visitWebsite: 'رفتن به وب‌سایت',
  allFeedsOf: (siteTitle) => `همهٔ خوراک‌های ${siteTitle}`,
};

const BY_LANGUAGE = new Map(Object.entries({ en: ENGLISH, fa: PERSIAN }));

/**
 * The texts for a site language, by primary subtag (`fa-IR` gets Persian). A language without
 * texts yet gets English, so the page's `lang` and `dir` describe the texts it actually shows;
 * the feed's own title and description keep their language (see `contentLanguage`).
 */
export function siteMessagesFor(language: string): SiteMessages {
  const primary = language.toLowerCase().split('-')[0] ?? '';
  return BY_LANGUAGE.get(primary) ?? ENGLISH;
}

/**
 * ` lang dir` attributes for text in the site's language when the page's texts are in another
 * one (a Kazakh site before its texts are translated), or nothing when they agree.
 */
export function contentLanguage(language: string, messages: SiteMessages): string {
  if (language.toLowerCase().split('-')[0] === messages.language) return '';
  return ` lang="${escapeHtml(language)}" dir="${textDirectionOf(language)}"`;
}
