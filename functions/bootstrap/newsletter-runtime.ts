import { createSqsClient } from '../../shared/aws/sqs-client.ts';
import { createSesClient } from '../../shared/aws/ses-client.ts';
import { loadNewsletterConfig, type NewsletterConfig } from '../../shared/config/newsletter-config.ts';
import { SesMailer } from '../../shared/newsletter/mail/ses-mailer.ts';
import { createNewsletterServices, type NewsletterServices } from '../../shared/newsletter/newsletter-services.ts';
import { readNewsletterKeyring } from '../../shared/newsletter/newsletter-secret-reader.ts';
import { SqsRecipientQueue } from '../../shared/newsletter/send/recipient-queue.ts';
import { METRIC_SERVICES } from '../../shared/observability/pipeline-metrics.ts';
import { bootstrapFunction, type FunctionRuntime } from './bootstrap-function.ts';

export interface NewsletterRuntime extends FunctionRuntime<NewsletterConfig> {
  /**
   * Built on first use (the key is read from Secrets Manager, which takes a request), once per
   * base URL of the links: NEWSLETTER_BASE_URL, or the endpoint's own domain when unset.
   */
  services(baseUrl?: string): Promise<NewsletterServices>;
}

export class NewsletterBaseUrlError extends Error {
  override readonly name = 'NewsletterBaseUrlError';
}

/**
 * The start of the four newsletter handler modules: the common bootstrap, the SES client (and
 * the SQS client where a queue is configured), and the services wired once per environment.
 */
export function bootstrapNewsletterFunction(): NewsletterRuntime {
  const runtime = bootstrapFunction({ service: METRIC_SERVICES.newsletter, loadConfig: loadNewsletterConfig });
  const { config, clients, log } = runtime;
  const credentials = config.aws.credentials;
  const ses = runtime.traceClient(createSesClient({ region: config.aws.region, endpoint: config.sesEndpoint, ...(credentials ? { credentials } : {}) }));
  const queue = config.queueUrl
    ? new SqsRecipientQueue(runtime.traceClient(createSqsClient({ region: config.aws.region, endpoint: config.sqsEndpoint, ...(credentials ? { credentials } : {}) })), config.queueUrl)
    : undefined;
  const built = new Map<string, Promise<NewsletterServices>>();
  const build = async (baseUrl: string) =>
    createNewsletterServices({
      documents: clients.documents,
      tableName: config.tableName,
      site: config.site,
      keyring: await readNewsletterKeyring(config.secret, process.env),
      baseUrl,
      mailer: new SesMailer(ses, config.configurationSetName),
      ...(queue ? { queue } : {}),
      sendRatePerSecond: config.sendRatePerSecond,
      subscribeResponseFloorMs: config.subscribeResponseFloorMs,
      log,
    });
  return {
    ...runtime,
    services: (requestBaseUrl) => {
      const baseUrl = config.baseUrl ?? requestBaseUrl;
      if (!baseUrl) return Promise.reject(new NewsletterBaseUrlError('NEWSLETTER_BASE_URL is not set, and this function has no request domain to use'));
      let services = built.get(baseUrl);
      if (!services) {
        services = build(baseUrl);
        // A failed secret read must not stick for the environment's lifetime.
        services.catch(() => built.delete(baseUrl));
        built.set(baseUrl, services);
      }
      return services;
    },
  };
}
