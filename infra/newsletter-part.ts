import { fileURLToPath } from 'node:url';
import { CfnOutput } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NewsletterFunctions } from './constructs/newsletter-functions.ts';
import type { FeedlineStackPart } from './feedline-stack.ts';

const entry = (name: string) => fileURLToPath(new URL(`../functions/${name}/handler.ts`, import.meta.url));

/** The account's SES rate in production before a raise is asked for. */
const DEFAULT_SEND_RATE = 14;

/** The newsletter, added when the deployment names a sending domain (`-c newsletterDomain=…`). */
export const newsletterPart: FeedlineStackPart = (scope, core) => {
  const { deployment } = core;
  if (!deployment.newsletterDomain) return;
  const newsletter = new NewsletterFunctions(scope, 'Newsletter', {
    entries: { web: entry('newsletter-web'), scheduler: entry('newsletter-scheduler'), sender: entry('newsletter-sender'), events: entry('newsletter-events') },
    depsLockFilePath: core.depsLockFilePath,
    table: core.table,
    site: {
      SITE_TITLE: deployment.siteTitle,
      SITE_DESCRIPTION: deployment.siteDescription,
      SITE_URL: deployment.siteUrl,
      FEED_BASE_URL: core.feedBaseUrl,
      SITE_LANGUAGE: deployment.siteLanguage,
      TAG_AUTHORITY: deployment.tagAuthority,
    },
    domain: deployment.newsletterDomain,
    sendRate: deployment.newsletterSendRate ?? DEFAULT_SEND_RATE,
    logRetention: deployment.logRetentionDays as logs.RetentionDays,
  });
  core.monitoring.addNewsletterMonitoring({ scheduler: newsletter.scheduler, sender: newsletter.sender, events: newsletter.events, queue: newsletter.queue, deadLetters: newsletter.deadLetters });
  new CfnOutput(scope, 'NewsletterUrl', { value: newsletter.webUrl.url, description: 'The subscribe form is <NewsletterUrl>subscribe?newsletter=<publication>/<id>' });
  new CfnOutput(scope, 'NewsletterSecretArn', { value: newsletter.secret.secretArn });
  new CfnOutput(scope, 'NewsletterConfigurationSet', { value: newsletter.configurationSet.configurationSetName });
  new CfnOutput(scope, 'NewsletterDeadLetterQueueUrl', { value: newsletter.deadLetters.queueUrl });
};
