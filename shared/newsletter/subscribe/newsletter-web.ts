import type { EventLog } from '../../log/event-log.ts';
import type { Clock, Sleep } from '../../time/time-sources.ts';
import { newsletterName, parseNewsletterName, type NewsletterRef, type StoredNewsletter } from '../newsletter-definition.ts';
import { NEWSLETTER_PATHS, type NewsletterLinks } from '../newsletter-links.ts';
import { newsletterMessagesFor, type NewsletterMessages } from '../newsletter-messages.ts';
import type { PublicationSource } from '../publication-source.ts';
import { renderNewsletterPage, type NewsletterPage } from './newsletter-pages.ts';
import { parseSubscribeForm } from './subscribe-form.ts';
import type { SubscriptionFlow } from './subscription-flow.ts';

export interface WebRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The body as text (forms are URL-encoded). */
  body: string;
  /** The connecting client, for the per-client rate limit. */
  clientIp: string;
}

export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface NewsletterWebDeps {
  flow: SubscriptionFlow;
  links: NewsletterLinks;
  publications: PublicationSource;
  log: EventLog;
  clock: Clock;
  sleep: Sleep;
  /**
   * Every subscribe answer leaves no sooner than this after the request arrived: sending a
   * confirmation takes longer than skipping one, and the difference would tell an attacker
   * which addresses are subscribed.
   */
  subscribeResponseFloorMs: number;
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * The newsletter's public endpoint: the subscribe form and its POST, the confirmation link and
 * the unsubscribe link (GET shows a page with a button, so link scanners in mail gateways change
 * nothing; POST acts, which is also RFC 8058's one-click request).
 */
export class NewsletterWeb {
  constructor(private readonly deps: NewsletterWebDeps) {}

  async handle(request: WebRequest): Promise<WebResponse> {
    const route = request.path.split('/').filter((segment) => segment !== '').at(-1) ?? '';
    const method = request.method.toUpperCase();
    if (route === NEWSLETTER_PATHS.subscribe && method === 'GET') return this.subscribeForm(request);
    if (route === NEWSLETTER_PATHS.subscribe && method === 'POST') return this.subscribe(request);
    if (route === NEWSLETTER_PATHS.confirm && (method === 'GET' || method === 'POST')) return this.confirm(request, method);
    if (route === NEWSLETTER_PATHS.unsubscribe && (method === 'GET' || method === 'POST')) return this.unsubscribe(request, method);
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not Found\n' };
  }

  private async subscribeForm(request: WebRequest): Promise<WebResponse> {
    const found = await this.newsletterNamed(request.query.get('newsletter') ?? '');
    if (!found) return this.page(404, 'en', { heading: 'Not Found', lines: [] });
    const { newsletter, messages, language } = found;
    return this.page(200, language, {
      heading: messages.subscribeHeading(newsletter.title),
      lines: [messages.subscribeIntro],
      form: { action: this.deps.links.subscribeAction(), hidden: { newsletter: newsletterName(newsletter) }, addressLabel: messages.addressLabel, button: messages.subscribeButton },
    });
  }

  private async subscribe(request: WebRequest): Promise<WebResponse> {
    const answerAt = this.deps.clock().getTime() + this.deps.subscribeResponseFloorMs;
    const response = await this.subscribeOutcome(request);
    const wait = answerAt - this.deps.clock().getTime();
    if (wait > 0) await this.deps.sleep(wait);
    return response;
  }

  private async subscribeOutcome(request: WebRequest): Promise<WebResponse> {
    const form = parseSubscribeForm(request.body);
    if (form.kind === 'too-large') return this.page(413, 'en', { heading: 'Payload Too Large', lines: [] });
    if (form.kind === 'unknown-newsletter') return this.page(404, 'en', { heading: 'Not Found', lines: [] });
    const found = await this.newsletterOf(form.newsletter);
    if (!found) return this.page(404, 'en', { heading: 'Not Found', lines: [] });
    const { newsletter, messages, language } = found;
    if (form.kind === 'bot') {
      // The very answer a person gets: a bot must not learn that the trap caught it.
      this.deps.log.info('subscribe ignored: honeypot filled', { newsletter: newsletterName(newsletter) });
      return this.page(200, language, this.checkInbox(messages));
    }
    if (form.kind === 'bad-address') return this.page(400, language, { heading: messages.subscribeHeading(newsletter.title), lines: [messages.addressInvalid] });
    const outcome = await this.deps.flow.requestSubscription(newsletter, form.address, request.clientIp);
    if (outcome === 'client-limited') return { ...this.page(429, language, { heading: messages.subscribeHeading(newsletter.title), lines: [messages.tooManyRequests] }), headers: { ...HTML_HEADERS, 'retry-after': '3600' } };
    return this.page(200, language, this.checkInbox(messages));
  }

  private async confirm(request: WebRequest, method: string): Promise<WebResponse> {
    const token = request.query.get('token') ?? '';
    const verified = this.deps.flow.verify(token, 'confirm');
    if (!verified.ok) return this.invalidLink(verified.reason);
    const found = await this.newsletterOf(verified.newsletter);
    if (!found) return this.invalidLink('unknown-newsletter');
    const { newsletter, messages, language } = found;
    if (method === 'GET') {
      return this.page(200, language, {
        heading: messages.subscribeHeading(newsletter.title),
        lines: [],
        form: { action: `${NEWSLETTER_PATHS.confirm}?token=${encodeURIComponent(token)}`, hidden: {}, button: messages.confirmButton },
      });
    }
    if (!(await this.deps.flow.confirm(verified.newsletter, verified.lookupKey))) return this.invalidLink('no-pending-subscriber');
    return this.page(200, language, { heading: messages.subscribedHeading, lines: [messages.subscribed(newsletter.title)] });
  }

  private async unsubscribe(request: WebRequest, method: string): Promise<WebResponse> {
    const token = request.query.get('token') ?? '';
    const verified = this.deps.flow.verify(token, 'unsubscribe');
    if (!verified.ok) return this.invalidLink(verified.reason);
    const found = await this.newsletterOf(verified.newsletter);
    const language = found?.language ?? 'en';
    const messages = found?.messages ?? newsletterMessagesFor('en');
    const title = found?.newsletter.title ?? newsletterName(verified.newsletter);
    if (method === 'GET') {
      return this.page(200, language, {
        heading: messages.unsubscribeHeading,
        lines: [messages.unsubscribeQuestion(title)],
        form: { action: `${NEWSLETTER_PATHS.unsubscribe}?token=${encodeURIComponent(token)}`, hidden: { 'List-Unsubscribe': 'One-Click' }, button: messages.unsubscribe },
      });
    }
    await this.deps.flow.unsubscribe(verified.newsletter, verified.lookupKey);
    return this.page(200, language, { heading: messages.unsubscribedHeading, lines: [messages.unsubscribed(title)] });
  }

  private checkInbox(messages: NewsletterMessages): Omit<NewsletterPage, 'language'> {
    return { heading: messages.checkInboxHeading, lines: [messages.checkInbox] };
  }

  private invalidLink(reason: string): WebResponse {
    this.deps.log.info('newsletter link refused', { reason });
    const messages = newsletterMessagesFor('en');
    return this.page(400, 'en', { heading: messages.linkInvalid, lines: [] });
  }

  private async newsletterNamed(name: string) {
    const ref = parseNewsletterName(name);
    return ref ? this.newsletterOf(ref) : undefined;
  }

  private async newsletterOf(ref: NewsletterRef): Promise<{ newsletter: StoredNewsletter; messages: NewsletterMessages; language: string } | undefined> {
    const newsletter = await this.deps.flow.newsletterOf(ref);
    if (!newsletter) return undefined;
    const settings = await this.deps.publications.settingsOf(newsletter.publication);
    return { newsletter, messages: newsletterMessagesFor(settings.language), language: newsletterMessagesFor(settings.language).language };
  }

  private page(status: number, language: string, page: Omit<NewsletterPage, 'language'>): WebResponse {
    return { status, headers: { ...HTML_HEADERS }, body: renderNewsletterPage({ ...page, language }) };
  }
}
