import { fieldProblemsOf } from '../../shared/validation/field-problems.ts';
import { functionUrlResponseOf, NewsletterUrlEventSchema, requestBaseUrlOf, webRequestOf, type NewsletterUrlEvent } from '../../shared/newsletter/subscribe/function-url-request.ts';
import { bootstrapNewsletterFunction } from '../bootstrap/newsletter-runtime.ts';

// Built once per execution environment.
const { log, observe, services } = bootstrapNewsletterFunction();

/** Lambda function URL → the newsletter's public endpoint: subscribe form, confirm and unsubscribe links. */
export const handler = observe(respond, (event: NewsletterUrlEvent) => ({ path: event.rawPath }));

async function respond(event: NewsletterUrlEvent) {
  const parsed = NewsletterUrlEventSchema.safeParse(event);
  if (!parsed.success) {
    log.warn('not a function URL event', { problems: fieldProblemsOf(parsed.error) });
    return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Bad Request\n', isBase64Encoded: false as const };
  }
  const { web } = await services(requestBaseUrlOf(parsed.data));
  return functionUrlResponseOf(await web.handle(webRequestOf(parsed.data)));
}
