import type { DocumentTable } from './document-table.ts';
import { isDefaultPublication, type PublicationId } from '../publication/publication-keys.ts';
import {
  NETWORK_PK,
  PublicationSettingsSchema,
  publicationSettingsKey,
  type PublicationSettings,
  type PublicationSettingsInput,
} from '../publication/publication-settings.ts';
import { describeFieldProblems, fieldProblemsOf, type FieldProblem } from '../validation/field-problems.ts';
import { succeedsUnlessConditionFails } from './conditional-write.ts';
import { queryItems } from './paged-items.ts';
import { TABLE_KEYS } from './table-design.ts';

/** Settings that break the schema; carries every field problem, not just the first. */
export class InvalidPublicationSettingsError extends Error {
  override readonly name = 'InvalidPublicationSettingsError';
  constructor(
    readonly publicationId: string,
    readonly problems: FieldProblem[],
  ) {
    super(`invalid settings for publication ${publicationId}: ${describeFieldProblems(problems)}`);
  }
}

export class PublicationExistsError extends Error {
  override readonly name = 'PublicationExistsError';
  constructor(readonly publicationId: string) {
    super(`publication ${publicationId} already exists`);
  }
}

export class PublicationNotFoundError extends Error {
  override readonly name = 'PublicationNotFoundError';
  constructor(readonly publicationId: string) {
    super(`no publication ${publicationId}`);
  }
}

/** The default publication's settings are the deploy config's; the table never holds them. */
export class DefaultPublicationNotStoredError extends Error {
  override readonly name = 'DefaultPublicationNotStoredError';
  readonly publicationId = 'default';
  constructor(action: string) {
    super(`cannot ${action} the default publication: its settings come from the deploy config`);
  }
}

export type StoredPublication =
  | { ok: true; settings: PublicationSettings }
  | { ok: false; publicationId: string; error: InvalidPublicationSettingsError };

const SETTINGS_SK_PREFIX = publicationSettingsKey('').sk;

/**
 * The publications ops add to a running stack (`feedline pub`): one item each in the `NETWORK`
 * partition (sk `PUB#<id>`), so listing them all is one Query. Settings are validated on the way
 * in and again on the way out: the table is a boundary too.
 */
export class PublicationStore {
  constructor(
    private readonly documents: DocumentTable,
    private readonly tableName: string,
  ) {}

  /** Adds a publication; refuses the default one and an id already taken. */
  async add(input: PublicationSettingsInput): Promise<PublicationSettings> {
    const settings = validateSettings(input);
    if (isDefaultPublication(settings.id)) throw new DefaultPublicationNotStoredError('add');
    const added = await succeedsUnlessConditionFails(this.putSettings(settings, 'attribute_not_exists(#pk)'));
    if (!added) throw new PublicationExistsError(settings.id);
    return settings;
  }

  /** Applies changes to a stored publication's settings, validating the result as a whole. */
  async update(publicationId: PublicationId, changes: Partial<Omit<PublicationSettingsInput, 'id'>>): Promise<PublicationSettings> {
    if (isDefaultPublication(publicationId)) throw new DefaultPublicationNotStoredError('update');
    const current = await this.get(publicationId);
    if (!current) throw new PublicationNotFoundError(publicationId);
    const settings = validateSettings(withoutUndefined({ ...current, ...changes, id: publicationId }));
    const updated = await succeedsUnlessConditionFails(this.putSettings(settings, 'attribute_exists(#pk)'));
    if (!updated) throw new PublicationNotFoundError(publicationId);
    return settings;
  }

  /**
   * A stored publication's settings, or undefined when there is none (the default publication is
   * never stored).
   *
   * @throws InvalidPublicationSettingsError when the stored item breaks the schema.
   */
  async get(publicationId: PublicationId): Promise<PublicationSettings | undefined> {
    if (isDefaultPublication(publicationId)) return undefined;
    const result = await this.documents.get({ TableName: this.tableName, Key: publicationSettingsKey(publicationId), ConsistentRead: true });
    if (!result.Item) return undefined;
    const stored = parseSettingsItem(result.Item);
    if (!stored.ok) throw stored.error;
    return stored.settings;
  }

  /**
   * Whether posts may be written to the publication: the default one always, another while its
   * settings item exists (even a broken one: fixing it must not need its posts rewritten).
   */
  async exists(publicationId: PublicationId): Promise<boolean> {
    if (isDefaultPublication(publicationId)) return true;
    const result = await this.documents.get({
      TableName: this.tableName,
      Key: publicationSettingsKey(publicationId),
      ProjectionExpression: '#pk',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
      ConsistentRead: true,
    });
    return result.Item !== undefined;
  }

  /** Every stored publication, by id; a broken item is reported in place, never hiding the rest. */
  async list(): Promise<StoredPublication[]> {
    const stored: StoredPublication[] = [];
    const items = queryItems(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
      ExpressionAttributeValues: { ':pk': NETWORK_PK, ':prefix': SETTINGS_SK_PREFIX },
      ConsistentRead: true,
    });
    for await (const item of items) stored.push(parseSettingsItem(item));
    return stored;
  }

  /** Returns whether there was one to remove. Its posts, feeds and objects are not touched here. */
  async remove(publicationId: PublicationId): Promise<boolean> {
    if (isDefaultPublication(publicationId)) throw new DefaultPublicationNotStoredError('remove');
    const result = await this.documents.delete({ TableName: this.tableName, Key: publicationSettingsKey(publicationId), ReturnValues: 'ALL_OLD' });
    return result.Attributes !== undefined;
  }

  private putSettings(settings: PublicationSettings, condition: string): Promise<unknown> {
    return this.documents.put({
      TableName: this.tableName,
      Item: { ...publicationSettingsKey(settings.id), ...settings },
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
    });
  }
}

/** @throws InvalidPublicationSettingsError naming every field and reason. */
export function validateSettings(input: unknown): PublicationSettings {
  const parsed = PublicationSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidPublicationSettingsError(idOf(input), fieldProblemsOf(parsed.error, '(settings)'));
}

/** The settings an item holds, checked against the id its sort key names. */
function parseSettingsItem(item: Record<string, unknown>): StoredPublication {
  const { [TABLE_KEYS.partitionKey]: _pk, [TABLE_KEYS.sortKey]: sk, ...fields } = item;
  const keyId = String(sk).slice(SETTINGS_SK_PREFIX.length);
  try {
    const settings = validateSettings(fields);
    if (settings.id === keyId) return { ok: true, settings };
    const problem = { field: 'id', reason: `is "${settings.id}" but the item key names publication "${keyId}"` };
    return { ok: false, publicationId: keyId, error: new InvalidPublicationSettingsError(keyId, [problem]) };
  } catch (error) {
    if (!(error instanceof InvalidPublicationSettingsError)) throw error;
    return { ok: false, publicationId: keyId, error: new InvalidPublicationSettingsError(keyId, error.problems) };
  }
}

function idOf(input: unknown): string {
  const id = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? id : '(no id)';
}

/** DynamoDB marshalling rejects `undefined`; an option cleared by an update is simply absent. */
function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
