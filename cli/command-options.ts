/**
 * Every option any command takes, with one type each: the command line is first split with all
 * of them (so `--table t post list` finds its command), then checked against the command's own.
 */
export const OPTIONS = {
  table: { type: 'string', value: '<name>', help: 'a real DynamoDB table, with the default AWS credential chain (env FEEDLINE_TABLE)' },
  function: {
    type: 'string',
    value: '<name>',
    help: 'the deployed stream function (StreamFunctionName output), whose environment\nnames the table, bucket and site (env FEEDLINE_FUNCTION)',
  },
  region: { type: 'string', value: '<name>', help: 'AWS region of --table or --function (env AWS_REGION; default us-east-1)' },
  json: { type: 'boolean', help: 'print JSON (one array) for scripts' },
  topic: { type: 'string', multiple: true, value: '<slug>[=<Label>]', help: 'file its items under this topic too (repeatable)' },
  id: { type: 'string', value: '<id>', help: 'the subscription id (default: from the feed title, else the host)' },
  title: { type: 'string', value: '<title>', help: 'a title for the subscription, newsletter or publication' },
  publication: { type: 'string', value: '<id>', help: 'the publication to work in (default: default, the deployment\'s own site)' },
  'allow-private-addresses': { type: 'boolean', help: 'with --table/--function: turn the SSRF guard off (never in production)' },
  feed: { type: 'string', value: '<id>', help: 'one feed: all, topics/<slug>, sources/<id> or shows/<id>' },
  all: { type: 'boolean', help: 'every feed, membership re-derived from the posts first' },
  'queue-url': { type: 'string', value: '<url>', help: "the DLQ, instead of the one on the function's mapping" },
  max: { type: 'string', value: '<n>', help: 'replay at most this many messages' },
  schedule: { type: 'string', value: '"daily HH:MM <Zone>"', help: 'when a newsletter goes out: "daily 07:00 Asia/Tashkent" or "weekly monday 09:00 Europe/Berlin"' },
  from: { type: 'string', value: '<address>', help: "the newsletter's sender (an address of a verified SES identity)" },
  'reply-to': { type: 'string', value: '<address>', help: 'where replies to the newsletter go' },
  'dry-run': { type: 'boolean', help: 'say what would be sent, send nothing' },
  html: { type: 'boolean', help: 'print the HTML part instead of the plain text' },
  'including-suppression': { type: 'boolean', help: 'also erase the address from the suppression list (it may then be mailed again)' },
  'all-items': { type: 'boolean', help: 'every post item, drafts and invalid ones too: a Scan of the whole table (slow)' },
  force: {
    type: 'boolean',
    help: 'pub remove: even though it still has posts or subscriptions (they stay in the table);\nsub add: even though the feed cannot be read now (the poller retries)',
  },
  cursor: { type: 'string', value: '<token>', help: 'resume where an interrupted run printed "cursor <token>"' },
  description: { type: 'string', value: '<text>', help: 'what the publication covers (feed description)' },
  'site-url': { type: 'string', value: '<url>', help: "the publication's home page, ending in /" },
  language: { type: 'string', value: '<tag>', help: 'its language tag (en, ru, fa, kk-KZ); fa, ar, ps, ur, he render right to left' },
  'tag-authority': { type: 'string', value: '<domain,date>', help: 'tag: URI authority of its ids, fixed forever (e.g. fa.example.org,2026)' },
  'items-per-feed': { type: 'string', value: '<n>', help: 'items in each of its feeds (1-500; default 50)' },
  'cache-control': { type: 'string', value: '<value>', help: 'Cache-Control of its feeds' },
  hub: { type: 'string', multiple: true, value: '<url>', help: 'a WebSub hub its feeds advertise and ping (repeatable)' },
  copyright: { type: 'string', value: '<text>', help: 'copyright line of its feeds' },
  'logo-url': { type: 'string', value: '<url>', help: 'its square logo' },
  hostname: { type: 'string', value: '<host>', help: 'its own host name (an alternate domain name on the distribution)' },
  'feed-base-url': {
    type: 'string',
    value: '<url>',
    help: "its public base URL (default: https://<hostname>/, else the deployment's base + pubs/<id>/)",
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'V', help: 'print the version' },
} as const satisfies Record<string, OptionSpec>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** How the value is shown in usage. */
  value?: string;
  help: string;
}

export type OptionName = keyof typeof OPTIONS;

/** Where a command that connects works: `--table`, `--function`, or the running `npm start`. */
export const TARGET_OPTIONS = ['table', 'function', 'region'] as const satisfies readonly OptionName[];

/** The `util.parseArgs` configuration of these options. */
export function parseArgsOptions(names: readonly OptionName[]): Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> {
  return Object.fromEntries(
    names.map((name) => {
      const spec: OptionSpec = OPTIONS[name];
      return [name, { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) }];
    }),
  );
}
