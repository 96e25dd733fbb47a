import * as z from 'zod';
import type { StreamFunctionConfig } from '../shared/config/stream-function-config.ts';
import { feedObjectKey, showFeedId } from '../shared/feed/feed-id.ts';
import { podcastGuidOf } from '../shared/podcast/podcast-guid.ts';
import { PodcastShowSchema, type PodcastShow } from '../shared/podcast/podcast-show.ts';
import { DEFAULT_PUBLICATION_ID, isDefaultPublication, publicationObjectPrefix, type PublicationId } from '../shared/publication/publication-keys.ts';
import { PublicationIdSchema } from '../shared/publication/publication-settings.ts';
import { createPublicationRecovery, PublicationUnavailableError, type PublicationRecovery } from '../shared/recovery/recovery-pipeline.ts';
import { PodcastShowExistsError, PodcastShowNotFoundError, PodcastShowStore } from '../shared/store/podcast-show-store.ts';
import { InvalidPublicationSettingsError, PublicationStore } from '../shared/store/publication-store.ts';
import { describeSchemaError } from '../shared/validation/field-problems.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';
import type { CommandContext, CommandInput } from './command-table.ts';
import { parseJsonInput, readInputText } from './input-text.ts';
import { describeOptionProblems } from './option-problems.ts';
import { refuseUnknownPublication } from './publication-option.ts';
import { STDERR_LOG } from './stderr-log.ts';

const ListArgsSchema = z.object({ publication: z._default(PublicationIdSchema, DEFAULT_PUBLICATION_ID) });

/** `show add <show.json|->`: refuses an id already taken in the publication, and a publication nobody added. */
export async function runShowAdd({ positionals: [path = '-'] }: CommandInput, context: CommandContext): Promise<void> {
  const target = await context.target();
  const read = await readShow(path);
  await refuseUnknownPublication(target, read.publicationId);
  const show = await withGuidOfTodaysFeed(read, target);
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
async function withGuidOfTodaysFeed(show: PodcastShow, target: CliTarget): Promise<PodcastShow> {
  if (show.guid !== undefined) return show;
  const feedBaseUrl = await feedBaseUrlOf(target, show.publicationId);
  if (feedBaseUrl === undefined) {
    throw new InputError(
      `show ${show.id} has no guid and its feed URL is not known here (publication ${show.publicationId}, ${target.description}): set "guid" in the file (a UUID that never changes), or add the show through --function or the local pipeline`,
    );
  }
  return { ...show, guid: podcastGuidOf(`${feedBaseUrl}${feedObjectKey(showFeedId(show.id), 'rss')}`) };
}

/** The deploy config's for the default publication (unknown with --table only), its stored settings' for another. */
async function feedBaseUrlOf(target: CliTarget, publicationId: PublicationId): Promise<string | undefined> {
  if (isDefaultPublication(publicationId)) return target.streamFunctionConfig?.site.feedBaseUrl;
  try {
    return (await new PublicationStore(target.clients.documents, target.tableName).get(publicationId))?.feedBaseUrl;
  } catch (error) {
    if (error instanceof InvalidPublicationSettingsError) throw new InputError(`${error.message}: fix them with feedline pub update ${publicationId}`);
    throw error;
  }
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
 * Regenerates the show's feed in its publication, as `rebuild --feed shows/<id> --publication <id>`
 * would: a show's settings are not posts, so no stream record announces them. Needs the
 * deployment's settings (the local pipeline or `--function`); with `--table` only, it says what to run.
 */
async function publishShowFeed(target: CliTarget, publicationId: PublicationId, showId: string, context: CommandContext): Promise<void> {
  const feedId = showFeedId(showId);
  const config = target.streamFunctionConfig;
  if (config === undefined) {
    const publication = isDefaultPublication(publicationId) ? '' : ` --publication ${publicationId}`;
    context.err.line(`note: its feed is regenerated with the next episode, or now with: feedline rebuild --feed ${feedId}${publication} --function <StreamFunctionName>`);
    return;
  }
  const { rebuild } = await showPublicationRecovery(target, config, publicationId);
  const { published } = await rebuild.rebuildFeed(feedId);
  context.out.line(`  ${feedId}: ${published.written.length > 0 ? `written ${published.written.join(', ')}` : 'unchanged'} (${published.itemCount} episodes)`);
  if (target.feedServerUrl) context.out.line(`  ${new URL(showFeedKey(publicationId, showId), target.feedServerUrl)}`);
}

/** Broken publication settings leave the show saved and its feed as it was, saying why. */
async function showPublicationRecovery(target: CliTarget, config: StreamFunctionConfig, publicationId: PublicationId): Promise<PublicationRecovery> {
  try {
    return await createPublicationRecovery({ clients: target.clients, tableName: config.tableName, bucketName: config.bucketName, site: config.site, log: STDERR_LOG }, publicationId);
  } catch (error) {
    if (error instanceof PublicationUnavailableError) throw new InputError(`the show is saved, but its feed was not rendered: ${error.message}; fix them with feedline pub update ${publicationId}`);
    throw error;
  }
}

/** The bucket key of a show's RSS feed: under `pubs/<id>/` for a publication other than the default one. */
function showFeedKey(publicationId: PublicationId, showId: string): string {
  return publicationObjectPrefix(publicationId) + feedObjectKey(showFeedId(showId), 'rss');
}

function describeShow(show: PodcastShow, target: CliTarget): string[] {
  const feed = showFeedKey(show.publicationId, show.id);
  return [
    `${show.id}  ${show.title}  (${show.type}, ${show.language}, ${show.category.name}${show.category.subcategory ? ` / ${show.category.subcategory}` : ''}${show.explicit ? ', explicit' : ''})`,
    `    owner ${show.owner.name} <${show.owner.email}>; author ${show.author}`,
    `    feed ${target.feedServerUrl ? new URL(feed, target.feedServerUrl).toString() : feed}`,
  ];
}
