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
  title: { type: 'string', value: '<title>', help: 'a title for the subscription or newsletter' },
  'allow-private-addresses': { type: 'boolean', help: 'with --table/--function: turn the SSRF guard off (never in production)' },
  feed: { type: 'string', value: '<id>', help: 'one feed: all, topics/<slug>, sources/<id> or shows/<id>' },
  publication: { type: 'string', value: '<id>', help: 'the publication the show belongs to (default: default)' },
  all: { type: 'boolean', help: 'every feed, membership re-derived from the posts first' },
  'queue-url': { type: 'string', value: '<url>', help: "the DLQ, instead of the one on the function's mapping" },
  max: { type: 'string', value: '<n>', help: 'replay at most this many messages' },
  schedule: { type: 'string', value: '"daily HH:MM <Zone>"', help: 'when a newsletter goes out: "daily 07:00 Asia/Tashkent" or "weekly monday 09:00 Europe/Berlin"' },
  from: { type: 'string', value: '<address>', help: "the newsletter's sender (an address of a verified SES identity)" },
  'reply-to': { type: 'string', value: '<address>', help: 'where replies to the newsletter go' },
  'dry-run': { type: 'boolean', help: 'say what would be sent, send nothing' },
  html: { type: 'boolean', help: 'print the HTML part instead of the plain text' },
  'including-suppression': { type: 'boolean', help: 'also erase the address from the suppression list (it may then be mailed again)' },
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
