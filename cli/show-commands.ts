import * as z from 'zod';
import { feedObjectKey, showFeedId } from '../shared/feed/feed-id.ts';
import { podcastGuidOf } from '../shared/podcast/podcast-guid.ts';
import { PodcastShowSchema, type PodcastShow } from '../shared/podcast/podcast-show.ts';
import { DEFAULT_PUBLICATION_ID, isDefaultPublication, type PublicationId } from '../shared/publication/publication-keys.ts';
import { PublicationIdSchema } from '../shared/publication/publication-settings.ts';
import { createFeedRebuild } from '../shared/recovery/recovery-pipeline.ts';
import { PodcastShowExistsError, PodcastShowNotFoundError, PodcastShowStore } from '../shared/store/podcast-show-store.ts';
import { describeSchemaError } from '../shared/validation/field-problems.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';
import type { CommandContext, CommandInput, CommandOutput } from './command-table.ts';
import { parseJsonInput, readInputText } from './input-text.ts';
import { describeOptionProblems } from './option-problems.ts';
import { STDERR_LOG } from './stderr-log.ts';

const ListArgsSchema = z.object({ publication: PublicationIdSchema.default(DEFAULT_PUBLICATION_ID) });

/** `show add <show.json|->`: refuses an id already taken in the publication. */
export async function runShowAdd({ positionals: [path = '-'] }: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const show = withGuidOfTodaysFeed(await readShow(path), target);
  try {
    await showStore(target).add(show);
  } catch (error) {
    if (error instanceof PodcastShowExistsError) throw new InputError(`${error.message} (use show update to change it)`);
    throw error;
  }
  context.out.line(`added show ${show.id} (${show.title}) to publication ${show.publicationId}`);
  await publishShowFeed(target, show.publicationId, show.id, context);
}

/** `show update <show.json|->`: the file is the whole record, as for `show add`. */
export async function runShowUpdate({ positionals: [path = '-'] }: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const show = await withStoredGuid(await readShow(path), target);
  try {
    await showStore(target).update(show);
  } catch (error) {
    if (error instanceof PodcastShowNotFoundError) throw new InputError(`${error.message} (use show add to create it)`);
    throw error;
  }
  context.out.line(`updated show ${show.id} (${show.title}) of publication ${show.publicationId}`);
  await publishShowFeed(target, show.publicationId, show.id, context);
}

export async function runShowList({ values }: CommandInput, context: CommandContext): Promise<void> {
  const { publication } = parseArgs(ListArgsSchema, values);
  const target = await context.target();
  const shows = await showStore(target).list(publication);
  if (values.json === true) return context.out.line(JSON.stringify(shows));
  for (const show of shows) for (const line of describeShow(show, target)) context.out.line(line);
  context.out.line(`${shows.length} show(s) in publication ${publication}`);
}

export async function runShowRemove({ positionals: [showId = ''], values }: CommandInput, context: CommandContext): Promise<void> {
  const { publication } = parseArgs(ListArgsSchema, values);
  const target = await context.target();
  if (!(await showStore(target).remove(publication, showId))) throw new InputError(`no show ${showId} in publication ${publication}`);
  context.out.line(`removed show ${showId} of publication ${publication}; its episodes stay published`);
  await publishShowFeed(target, publication, showId, context);
}

/**
 * The show with its `podcast:guid` fixed at creation: when the file gives none, the UUIDv5 of the
 * feed URL it has today, stored, so a later move of the feed (a custom domain, a hostname of its
 * own) keeps the show's identity in Podcast Index and the apps. Computed at render time it would
 * change with the URL. Where the feed URL is not known here, the operator must give one.
 */
function withGuidOfTodaysFeed(show: PodcastShow, target: CliTarget): PodcastShow {
  if (show.guid !== undefined) return show;
  const config = target.streamFunctionConfig;
  if (config === undefined || !isDefaultPublication(show.publicationId)) {
    throw new InputError(
      `show ${show.id} has no guid and its feed URL is not known here (publication ${show.publicationId}, ${target.description}): set "guid" in the file (a UUID that never changes), or add the show through --function or the local pipeline`,
    );
  }
  return { ...show, guid: podcastGuidOf(`${config.site.feedBaseUrl}${feedObjectKey(showFeedId(show.id), 'rss')}`) };
}

/** An update without a guid keeps the stored one: the file replaces the settings, not the show's identity. */
async function withStoredGuid(show: PodcastShow, target: CliTarget): Promise<PodcastShow> {
  if (show.guid !== undefined) return show;
  const stored = await showStore(target).get(show.publicationId, show.id);
  return stored?.guid === undefined ? show : { ...show, guid: stored.guid };
}

async function readShow(path: string): Promise<PodcastShow> {
  const source = path === '-' ? 'stdin' : path;
  const parsed = PodcastShowSchema.safeParse(parseJsonInput(await readInputText(path), source));
  if (!parsed.success) throw new InputError(`${source}: invalid show: ${describeSchemaError(parsed.error, '(show)')}`);
  return parsed.data;
}

function parseArgs<T extends z.ZodType>(schema: T, values: unknown): z.output<T> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new InputError(describeOptionProblems(parsed.error));
}

function showStore(target: CliTarget): PodcastShowStore {
  return new PodcastShowStore(target.clients.documents, target.tableName);
}

/**
 * Regenerates the show's feed, as `rebuild --feed shows/<id>` would: a show's settings are not
 * posts, so no stream record announces them. Needs the deployment's site settings (the local
 * pipeline or `--function`); with `--table` only, it says what to run.
 */
async function publishShowFeed(target: CliTarget, publicationId: PublicationId, showId: string, context: CommandContext): Promise<void> {
  const feedId = showFeedId(showId);
  const config = target.streamFunctionConfig;
  // Only the default publication is rendered until the publish path takes a publication id.
  if (config === undefined || !isDefaultPublication(publicationId)) {
    context.err.line(`note: its feed is regenerated with the next episode, or now with: feedline rebuild --feed ${feedId} --function <StreamFunctionName>`);
    return;
  }
  const { rebuild } = createFeedRebuild({ clients: target.clients, tableName: config.tableName, bucketName: config.bucketName, site: config.site, log: STDERR_LOG });
  const { published } = await rebuild.rebuildFeed(feedId);
  context.out.line(`  ${feedId}: ${published.written.length > 0 ? `written ${published.written.join(', ')}` : 'unchanged'} (${published.itemCount} episodes)`);
  printFeedAddress(target, feedId, context.out);
}

function printFeedAddress(target: CliTarget, feedId: string, out: CommandOutput): void {
  if (target.feedServerUrl) out.line(`  ${new URL(feedObjectKey(feedId, 'rss'), target.feedServerUrl)}`);
}

function describeShow(show: PodcastShow, target: CliTarget): string[] {
  const feed = feedObjectKey(showFeedId(show.id), 'rss');
  return [
    `${show.id}  ${show.title}  (${show.type}, ${show.language}, ${show.category.name}${show.category.subcategory ? ` / ${show.category.subcategory}` : ''}${show.explicit ? ', explicit' : ''})`,
    `    owner ${show.owner.name} <${show.owner.email}>; author ${show.author}`,
    `    feed ${target.feedServerUrl ? new URL(feed, target.feedServerUrl).toString() : feed}`,
  ];
}
