import type { CliTarget } from './cli-target.ts';
import { TARGET_OPTIONS, type OptionName } from './command-options.ts';

export interface CommandOutput {
  line(text: string): void;
}

/** A command's arguments after the command words, checked against its options and arity. */
export interface CommandInput {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CommandContext {
  /** The command's result (what scripts read); progress and notes go to `err`. */
  out: CommandOutput;
  err: CommandOutput;
  env: Record<string, string | undefined>;
  /** Connects where the options say; call it only once the input is valid. */
  target(): Promise<CliTarget>;
}

export type CommandRun = (input: CommandInput, context: CommandContext) => Promise<void>;

export interface Command {
  /** The command words, e.g. `sub add`. */
  name: string;
  /** Its positional arguments as usage shows them. */
  args: string;
  summary: string;
  positionals: { min: number; max: number };
  options: readonly OptionName[];
  /** Imported only when the command runs, so `--help` and `--version` load no AWS SDK. */
  load(): Promise<CommandRun>;
}

const SUB_OPTIONS = [...TARGET_OPTIONS, 'publication', 'allow-private-addresses'] as const;
const PUBLICATION_TARGET_OPTIONS = [...TARGET_OPTIONS, 'publication'] as const;
const SETTINGS_OPTIONS = [
  'title',
  'description',
  'site-url',
  'language',
  'tag-authority',
  'items-per-feed',
  'cache-control',
  'hub',
  'copyright',
  'logo-url',
  'hostname',
  'feed-base-url',
] as const;

/** Every `feedline` command: usage, option checks and dispatch all come from this table. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'post put',
    args: '<file.json|->',
    summary: 'validate and write one post (or a JSON array of posts) into its publication\n' +
      '(with --publication: posts naming none go there, posts naming another are refused)',
    positionals: { min: 1, max: 1 },
    options: PUBLICATION_TARGET_OPTIONS,
    load: async () => (await import('./post-commands.ts')).runPostPut,
  },
  {
    name: 'post delete',
    args: '<id>...',
    summary: 'delete posts of the publication (they leave their feeds); names those that did not exist',
    positionals: { min: 1, max: Infinity },
    options: PUBLICATION_TARGET_OPTIONS,
    load: async () => (await import('./post-commands.ts')).runPostDelete,
  },
  {
    name: 'post list',
    args: '',
    summary: "the publication's published posts, newest first (from its all feed, page by page);\n" +
      'with --all-items: every post item, drafts and invalid ones flagged, by a Scan of the table',
    positionals: { min: 0, max: 0 },
    options: [...PUBLICATION_TARGET_OPTIONS, 'json', 'all-items'],
    load: async () => (await import('./post-commands.ts')).runPostList,
  },
  {
    name: 'sub add',
    args: '<url>',
    summary: 'subscribe to an RSS, Atom or JSON feed (read once to check and name it; refused\n' +
      'if it does not answer with a feed, unless --force); polled on the next run',
    positionals: { min: 1, max: 1 },
    options: [...SUB_OPTIONS, 'topic', 'id', 'title', 'force'],
    load: async () => (await import('./subscription-commands.ts')).runSubAdd,
  },
  {
    name: 'sub list',
    args: '',
    summary: "the publication's subscriptions and their health: last success, errors, next poll, WebSub",
    positionals: { min: 0, max: 0 },
    options: [...TARGET_OPTIONS, 'publication', 'json'],
    load: async () => (await import('./subscription-commands.ts')).runSubList,
  },
  {
    name: 'sub remove',
    args: '<id>',
    summary: 'unsubscribe, at its WebSub hub too (posts already ingested stay published)',
    positionals: { min: 1, max: 1 },
    options: SUB_OPTIONS,
    load: async () => (await import('./subscription-commands.ts')).runSubRemove,
  },
  {
    name: 'sub poll',
    args: '[<id>]',
    summary: 'poll one subscription now, or every due one (of every publication unless --publication)',
    positionals: { min: 0, max: 1 },
    options: SUB_OPTIONS,
    load: async () => (await import('./subscription-commands.ts')).runSubPoll,
  },
  {
    name: 'sub enable',
    args: '<id>',
    summary: 'poll a disabled (410 Gone) subscription again',
    positionals: { min: 1, max: 1 },
    options: PUBLICATION_TARGET_OPTIONS,
    load: async () => (await import('./subscription-commands.ts')).runSubEnable,
  },
  {
    name: 'show add',
    args: '<show.json|->',
    summary: 'validate and save a podcast show, then publish its feed feeds/shows/<id>/rss.xml',
    positionals: { min: 1, max: 1 },
    options: TARGET_OPTIONS,
    load: async () => (await import('./show-commands.ts')).runShowAdd,
  },
  {
    name: 'show list',
    args: '',
    summary: "a publication's podcast shows and their feed addresses",
    positionals: { min: 0, max: 0 },
    options: [...TARGET_OPTIONS, 'publication', 'json'],
    load: async () => (await import('./show-commands.ts')).runShowList,
  },
  {
    name: 'show update',
    args: '<show.json|->',
    summary: "replace a show's settings (the whole record), then publish its feed again",
    positionals: { min: 1, max: 1 },
    options: TARGET_OPTIONS,
    load: async () => (await import('./show-commands.ts')).runShowUpdate,
  },
  {
    name: 'show remove',
    args: '<id>',
    summary: 'delete a show (its episodes stay published; its feed loses the podcast tags)',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, 'publication'],
    load: async () => (await import('./show-commands.ts')).runShowRemove,
  },
  {
    name: 'newsletter add',
    args: '<publication>/<id>',
    summary: 'define a newsletter: --title, --from and --schedule, optionally --feed and --reply-to',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, 'title', 'from', 'reply-to', 'schedule', 'feed'],
    load: async () => (await import('./newsletter-commands.ts')).runNewsletterAdd,
  },
  {
    name: 'newsletter list',
    args: '',
    summary: 'every newsletter: feed, schedule, last issue',
    positionals: { min: 0, max: 0 },
    options: [...TARGET_OPTIONS, 'json'],
    load: async () => (await import('./newsletter-commands.ts')).runNewsletterList,
  },
  {
    name: 'newsletter send',
    args: '<publication>/<id>',
    summary: 'send the next issue now (posts since the last one); --dry-run says what it would send',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, 'dry-run'],
    load: async () => (await import('./newsletter-commands.ts')).runNewsletterSend,
  },
  {
    name: 'newsletter preview',
    args: '<publication>/<id>',
    summary: 'print the next issue as a reader would get it (plain text, or --html)',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, 'html'],
    load: async () => (await import('./newsletter-commands.ts')).runNewsletterPreview,
  },
  {
    name: 'newsletter subscribers',
    args: '<publication>/<id>',
    summary: 'how many subscribers are pending, confirmed and unsubscribed (never their addresses)',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, 'json'],
    load: async () => (await import('./newsletter-commands.ts')).runNewsletterSubscribers,
  },
  {
    name: 'newsletter export',
    args: '<email>',
    summary: "print everything held about one address (a reader's access request)",
    positionals: { min: 1, max: 1 },
    options: TARGET_OPTIONS,
    load: async () => (await import('./newsletter-commands.ts')).runNewsletterExport,
  },
  {
    name: 'newsletter forget',
    args: '<email>',
    summary: 'erase one address from every newsletter (a reader\'s erasure request)',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, 'including-suppression'],
    load: async () => (await import('./newsletter-commands.ts')).runNewsletterForget,
  },
  {
    name: 'rebuild',
    args: '',
    summary: 'with --feed <id>: regenerate one feed from its membership items, archive pages included;\n' +
      'with --all: re-derive every membership from the posts, then regenerate every feed;\n' +
      'in the default publication, or with --publication <id> in that one, with its stored settings',
    positionals: { min: 0, max: 0 },
    options: [...TARGET_OPTIONS, 'feed', 'all', 'publication'],
    load: async () => (await import('./recovery-commands.ts')).runRebuild,
  },
  {
    name: 'pub add',
    args: '<id>',
    summary: 'add a publication to the running stack, no redeploy: --title, --description, --site-url,\n' +
      '--language and --tag-authority are required; every invalid setting is named',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, ...SETTINGS_OPTIONS],
    load: async () => (await import('./publication-commands.ts')).runPubAdd,
  },
  {
    name: 'pub list',
    args: '',
    summary: 'every publication: the default one (the deploy config) and those added',
    positionals: { min: 0, max: 0 },
    options: [...TARGET_OPTIONS, 'json'],
    load: async () => (await import('./publication-commands.ts')).runPubList,
  },
  {
    name: 'pub update',
    args: '<id>',
    summary: "change a publication's settings; prints the rebuild that rewrites its feeds with them",
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, ...SETTINGS_OPTIONS],
    load: async () => (await import('./publication-commands.ts')).runPubUpdate,
  },
  {
    name: 'pub remove',
    args: '<id>',
    summary: 'remove a publication; refused while it has published posts or subscriptions, unless --force',
    positionals: { min: 1, max: 1 },
    options: [...TARGET_OPTIONS, 'force'],
    load: async () => (await import('./publication-commands.ts')).runPubRemove,
  },
  {
    name: 'migrate',
    args: '',
    summary: 'upgrade a table written before publications (idempotent, resumable with --cursor)',
    positionals: { min: 0, max: 0 },
    options: [...TARGET_OPTIONS, 'cursor'],
    load: async () => (await import('./migrate-command.ts')).runMigrate,
  },
  {
    name: 'dlq replay',
    args: '',
    summary: "re-drive the stream's dead-letter queue (records re-read from the stream; past its\n" +
      '24 h retention, one rebuild --all stands in for them)',
    positionals: { min: 0, max: 0 },
    options: [...TARGET_OPTIONS, 'queue-url', 'max'],
    load: async () => (await import('./recovery-commands.ts')).runDlqReplay,
  },
];
