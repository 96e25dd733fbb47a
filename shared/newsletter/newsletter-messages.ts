import type { TextDirection } from '../site/text-direction.ts';

/** Every text the newsletter writes that does not come from the posts, in one language. */
export interface NewsletterMessages {
  language: string;
  direction: TextDirection;
  digestIntro(count: number): string;
  readMore: string;
  subscribeHeading(newsletterTitle: string): string;
  subscribeIntro: string;
  addressLabel: string;
  subscribeButton: string;
  unsubscribe: string;
  whyYouGetThis(newsletterTitle: string): string;
  confirmSubject(newsletterTitle: string): string;
  confirmBody(newsletterTitle: string): string;
  confirmButton: string;
  confirmIgnore: string;
  checkInboxHeading: string;
  checkInbox: string;
  subscribedHeading: string;
  subscribed(newsletterTitle: string): string;
  unsubscribeHeading: string;
  unsubscribeQuestion(newsletterTitle: string): string;
  unsubscribedHeading: string;
  unsubscribed(newsletterTitle: string): string;
  linkInvalid: string;
  addressInvalid: string;
  tooManyRequests: string;
}

const ENGLISH: NewsletterMessages = {
  language: 'en',
  direction: 'ltr',
  digestIntro: (count) => (count === 1 ? 'One new post since the last issue.' : `${count} new posts since the last issue.`),
  readMore: 'Read more',
  subscribeHeading: (title) => `Subscribe to ${title}`,
  subscribeIntro: 'The newest posts in your inbox. We send a confirmation first; every issue has a one-click unsubscribe link.',
  addressLabel: 'Your e-mail address',
  subscribeButton: 'Subscribe',
  unsubscribe: 'Unsubscribe',
  whyYouGetThis: (title) => `You receive ${title} because you subscribed and confirmed your address.`,
  confirmSubject: (title) => `Confirm your subscription to ${title}`,
  confirmBody: (title) => `Someone, probably you, asked to receive ${title} at this address. Follow the link to confirm:`,
  confirmButton: 'Confirm my subscription',
  confirmIgnore: 'If it was not you, ignore this message: without confirmation nothing will be sent.',
  checkInboxHeading: 'Check your inbox',
  checkInbox: 'If the address can receive this newsletter, a confirmation message is on its way. Follow its link to start receiving it.',
  subscribedHeading: 'Subscribed',
  subscribed: (title) => `Thank you: ${title} will come to your inbox.`,
  unsubscribeHeading: 'Unsubscribe',
  unsubscribeQuestion: (title) => `Stop receiving ${title}?`,
  unsubscribedHeading: 'Unsubscribed',
  unsubscribed: (title) => `You will not receive ${title} any more.`,
  linkInvalid: 'This link is not valid or has expired. Subscribe again from the site to get a new one.',
  addressInvalid: 'Enter a valid e-mail address.',
  tooManyRequests: 'Too many requests from this network. Try again in an hour.',
};

const PERSIAN: NewsletterMessages = {
  language: 'fa',
  direction: 'rtl',
  digestIntro: (count) => `${count.toLocaleString('fa')} نوشتهٔ تازه از شمارهٔ پیش.`,
  readMore: 'ادامهٔ مطلب',
  subscribeHeading: (title) => `اشتراک در ${title}`,
  subscribeIntro: 'تازه‌ترین نوشته‌ها در صندوق نامهٔ شما. نخست پیامی برای تأیید می‌فرستیم؛ هر شماره پیوند لغو اشتراک با یک کلیک دارد.',
  addressLabel: 'نشانی ایمیل شما',
  subscribeButton: 'اشتراک',
  unsubscribe: 'لغو اشتراک',
  whyYouGetThis: (title) => `این نامه را دریافت می‌کنید چون در ${title} مشترک شده‌اید و نشانی خود را تأیید کرده‌اید.`,
  confirmSubject: (title) => `اشتراک خود در ${title} را تأیید کنید`,
  confirmBody: (title) => `کسی، احتمالاً خود شما، خواسته است ${title} به این نشانی فرستاده شود. برای تأیید روی پیوند زیر بزنید:`,
  confirmButton: 'اشتراکم را تأیید می‌کنم',
  confirmIgnore: 'اگر شما نبودید، این پیام را نادیده بگیرید: بدون تأیید چیزی فرستاده نمی‌شود.',
  checkInboxHeading: 'صندوق نامه‌تان را ببینید',
  checkInbox: 'اگر این نشانی بتواند خبرنامه را دریافت کند، پیام تأییدی در راه است. برای آغاز دریافت، پیوند آن را دنبال کنید.',
  subscribedHeading: 'مشترک شدید',
  subscribed: (title) => `سپاس: ${title} به صندوق نامهٔ شما خواهد آمد.`,
  unsubscribeHeading: 'لغو اشتراک',
  unsubscribeQuestion: (title) => `دیگر ${title} را دریافت نکنید؟`,
  unsubscribedHeading: 'اشتراک لغو شد',
  unsubscribed: (title) => `دیگر ${title} را دریافت نخواهید کرد.`,
  linkInvalid: 'این پیوند معتبر نیست یا منقضی شده است. برای پیوند تازه دوباره از سایت مشترک شوید.',
  addressInvalid: 'یک نشانی ایمیل معتبر وارد کنید.',
  tooManyRequests: 'درخواست‌های بسیاری از این شبکه آمده است. یک ساعت دیگر دوباره امتحان کنید.',
};

const BY_LANGUAGE = new Map(Object.entries({ en: ENGLISH, fa: PERSIAN }));

/** The texts for a publication language by primary subtag; English until a language has its own. */
export function newsletterMessagesFor(language: string): NewsletterMessages {
  return BY_LANGUAGE.get(language.toLowerCase().split('-')[0] ?? '') ?? ENGLISH;
}
