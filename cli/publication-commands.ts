import { isDefaultPublication, publicationObjectPrefix, type PublicationId } from '../shared/publication/publication-keys.ts';
import { PublicationIdSchema, type PublicationSettings, type PublicationSettingsInput } from '../shared/publication/publication-settings.ts';
import {
  DefaultPublicationNotStoredError,
  InvalidPublicationSettingsError,
  PublicationExistsError,
  PublicationNotFoundError,
  PublicationStore,
  type StoredPublication,
  validateSettings,
} from '../shared/store/publication-store.ts';
import { PublishedPosts } from '../shared/store/published-posts.ts';
import { SubscriptionRegistry } from '../shared/store/subscription-registry.ts';
import type { FieldProblem } from '../shared/validation/field-problems.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';
import type { CommandContext, CommandInput } from './command-table.ts';

/** Each settings field and the option that sets it, so a refusal names what the user typed. */
const SETTINGS_OPTIONS = {
  title: 'title',
  description: 'description',
  siteUrl: 'site-url',
  language: 'language',
  tagAuthority: 'tag-authority',
  itemsPerFeed: 'items-per-feed',
  cacheControl: 'cache-control',
  hubUrls: 'hub',
  copyright: 'copyright',
  logoUrl: 'logo-url',
  hostname: 'hostname',
  feedBaseUrl: 'feed-base-url',
} as const satisfies Partial<Record<keyof PublicationSettingsInput, string>>;

type SettingsField = keyof typeof SETTINGS_OPTIONS;

/** `pub add` refuses a publication without these, whatever the schema's defaults. */
const REQUIRED_OPTIONS: readonly SettingsField[] = ['title', 'description', 'siteUrl', 'language', 'tagAuthority'];

/** Thrown as the CLI's one error for invalid settings: every option and reason, one per line. */
class InvalidSettingsInputError extends InputError {
  override readonly name = 'InvalidSettingsInputError';
  constructor(publicationId: string, problems: readonly FieldProblem[]) {
    super(`invalid settings for publication ${publicationId}, nothing was written`, problems.map((problem) => `${optionOfField(problem.field)}: ${problem.reason}`));
  }
}

/** `pub add <id> --title … --site-url …`: validated as a whole before anything is written. */
export async function runPubAdd({ positionals: [rawId = ''], values }: CommandInput, context: CommandContext): Promise<void> {
  const id = publicationIdArgument(rawId);
  const given = settingsOptions(values);
  refuseInvalidAddition(id, given);
  const target = await context.target();
  const feedBaseUrl = given.feedBaseUrl ?? defaultFeedBaseUrl(id, given.hostname, target);
  const store = new PublicationStore(target.clients.documents, target.tableName);
  // Unchecked option values: the store validates them and names every problem.
  const settings = await storeCall(id, () => store.add({ ...given, feedBaseUrl, id } as PublicationSettingsInput));
  context.out.line(`added publication ${settings.id} (${settings.language}): ${settings.title}`);
  context.out.line(`  feeds at ${settings.feedBaseUrl}; they appear with its first post (feedline post put --publication ${settings.id} <file>)`);
}

/** `pub list [--json]`: the default publication (from the deploy config, when known) and every stored one. */
export async function runPubList({ values }: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const stored = await new PublicationStore(target.clients.documents, target.tableName).list();
  const defaultSite = target.streamFunctionConfig?.site;
  const listed: StoredPublication[] = [...(defaultSite ? [{ ok: true as const, settings: { ...defaultSite, id: 'default' } }] : []), ...stored];
  // With --table the deploy config is out of reach; the default publication is listed all the same.
  const unknownDefault = defaultSite ? [] : [{ id: 'default', settings: 'in the deploy config: pass --function to show them' }];
  if (values.json === true) {
    return context.out.line(JSON.stringify([...unknownDefault, ...listed.map((entry) => (entry.ok ? entry.settings : { id: entry.publicationId, invalid: entry.error.message }))]));
  }
  for (const entry of unknownDefault) context.out.line(`${entry.id}  (settings ${entry.settings})`);
  for (const entry of listed) context.out.line(listedRow(entry));
  context.out.line(`${unknownDefault.length + listed.length} publication(s)`);
}

/** `pub update <id> --field …`: the merged settings are validated as a whole. */
export async function runPubUpdate({ positionals: [rawId = ''], values }: CommandInput, context: CommandContext): Promise<void> {
  const id = publicationIdArgument(rawId);
  const changes = settingsOptions(values);
  const changed = Object.keys(changes);
  if (changed.length === 0) throw new InputError(`pub update ${id}: give at least one setting to change (see feedline pub update --help)`);
  const target = await context.target();
  const store = new PublicationStore(target.clients.documents, target.tableName);
  // Unchecked option values: the store validates the merged settings and names every problem.
  await storeCall(id, () => store.update(id, changes as Partial<PublicationSettingsInput>));
  context.out.line(`updated publication ${id}: ${changed.map((field) => `--${SETTINGS_OPTIONS[field as SettingsField]}`).join(', ')}`);
  context.out.line(`  its feeds and pages change with their next post; to rewrite them all now, run:`);
  context.out.line(`  npx feedline rebuild --all --publication ${id}${rebuildTargetFlags(values)}`);
}

/** `pub remove <id> [--force]`: refused while it has published posts or subscriptions, unless forced. */
export async function runPubRemove({ positionals: [rawId = ''], values }: CommandInput, context: CommandContext): Promise<void> {
  const id = publicationIdArgument(rawId);
  if (isDefaultPublication(id)) throw new InputError(new DefaultPublicationNotStoredError('remove').message);
  const target = await context.target();
  const store = new PublicationStore(target.clients.documents, target.tableName);
  if (!(await store.exists(id))) throw new InputError(`no publication ${id}`);
  const posts = await new PublishedPosts(target.clients.documents, target.tableName).count(id);
  const subscriptions = await new SubscriptionRegistry(target.clients.documents, target.tableName).listByPublication(id);
  const contents = `${posts} published post(s) and ${subscriptions.length} subscription(s)`;
  if ((posts > 0 || subscriptions.length > 0) && values.force !== true) {
    throw new InputError(`publication ${id} still has ${contents}: delete them first, or pass --force to remove its settings anyway`);
  }
  await store.remove(id);
  context.out.line(`removed publication ${id}`);
  if (posts === 0 && subscriptions.length === 0) return;
  context.out.line(`  its ${contents} stay in the table, its feeds under ${publicationObjectPrefix(id)} in the bucket`);
  for (const subscription of subscriptions) context.out.line(`  still polled: feedline sub remove ${subscription.id} --publication ${id}`);
}

/**
 * Every problem at once, before connecting: missing options and invalid values alike. The base
 * URL, when not given, is derived later from the target, so a stand-in takes its place here.
 */
function refuseInvalidAddition(id: PublicationId, given: Partial<Record<SettingsField, unknown>>): void {
  const problems: FieldProblem[] = REQUIRED_OPTIONS.filter((field) => given[field] === undefined).map((field) => ({ field, reason: 'is required' }));
  try {
    validateSettings({ ...given, id, feedBaseUrl: given.feedBaseUrl ?? 'https://derived.invalid/' });
  } catch (error) {
    if (!(error instanceof InvalidPublicationSettingsError)) throw error;
    problems.push(...error.problems.filter((problem) => !problems.some((missing) => missing.field === problem.field)));
  }
  if (problems.length > 0) throw new InvalidSettingsInputError(id, problems);
}

function publicationIdArgument(value: string): PublicationId {
  const parsed = PublicationIdSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${value}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** The settings options given, as settings fields; absent options stay absent. */
function settingsOptions(values: CommandInput['values']): Partial<Record<SettingsField, unknown>> {
  const settings: Partial<Record<SettingsField, unknown>> = {};
  for (const [field, option] of Object.entries(SETTINGS_OPTIONS) as [SettingsField, string][]) {
    const value = values[option];
    if (value === undefined) continue;
    settings[field] = field === 'itemsPerFeed' && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  }
  return settings;
}

/** `https://<hostname>/` for a publication with its own host; else its folder under the deployment's base URL. */
function defaultFeedBaseUrl(id: PublicationId, hostname: unknown, target: CliTarget): string {
  if (typeof hostname === 'string') return `https://${hostname}/`;
  const base = target.streamFunctionConfig?.site.feedBaseUrl;
  if (base) return new URL(publicationObjectPrefix(id), base).toString();
  throw new InvalidSettingsInputError(id, [{ field: 'feedBaseUrl', reason: "is required with --table (the deployment's base URL is known with --function or the local pipeline)" }]);
}

async function storeCall(id: PublicationId, call: () => Promise<PublicationSettings>): Promise<PublicationSettings> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof InvalidPublicationSettingsError) throw new InvalidSettingsInputError(id, error.problems);
    if (error instanceof PublicationExistsError || error instanceof PublicationNotFoundError || error instanceof DefaultPublicationNotStoredError) {
      throw new InputError(error.message);
    }
    throw error;
  }
}

function optionOfField(field: string): string {
  const [top = '', ...rest] = field.split('.');
  const option = (SETTINGS_OPTIONS as Record<string, string>)[top];
  return option ? `--${option}${rest.length > 0 ? ` (${rest.join('.')})` : ''}` : field;
}

function listedRow(entry: StoredPublication): string {
  if (!entry.ok) return `${entry.publicationId}  (invalid)  ${entry.error.message}`;
  const { id, language, title, feedBaseUrl, hostname } = entry.settings;
  return `${id}  ${language}  ${title}  ${feedBaseUrl}${hostname ? `  (host ${hostname})` : ''}`;
}

/** A rebuild renders with the deployment's settings: it needs --function where pub ran with --table. */
function rebuildTargetFlags(values: CommandInput['values']): string {
  if (typeof values.function === 'string') return ` --function ${values.function}${typeof values.region === 'string' ? ` --region ${values.region}` : ''}`;
  if (typeof values.table === 'string') return ' --function <StreamFunctionName>';
  return '';
}
