import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SiteConfig } from '../config/site-config.ts';
import { DEFAULT_PUBLICATION_ID, isDefaultPublication, type PublicationId } from '../publication/publication-keys.ts';
import { publicationSettingsKey, PublicationSettingsSchema, type PublicationSettings } from '../publication/publication-settings.ts';

export class UnknownPublicationError extends Error {
  override readonly name = 'UnknownPublicationError';
}

/**
 * A publication's settings as the newsletter needs them (title, language, site URL): the default
 * publication's from the deploy config, every other one's from its `NETWORK` item. Memoised per
 * process: settings change rarely, and a scheduler run reads each once.
 */
export class PublicationSource {
  private readonly cache = new Map<PublicationId, Promise<PublicationSettings>>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly defaultSite: SiteConfig,
  ) {}

  settingsOf(publication: PublicationId): Promise<PublicationSettings> {
    let settings = this.cache.get(publication);
    if (!settings) {
      settings = this.load(publication);
      settings.catch(() => this.cache.delete(publication));
      this.cache.set(publication, settings);
    }
    return settings;
  }

  private async load(publication: PublicationId): Promise<PublicationSettings> {
    if (isDefaultPublication(publication)) return { ...this.defaultSite, id: DEFAULT_PUBLICATION_ID };
    const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: publicationSettingsKey(publication), ConsistentRead: true }));
    if (!result.Item) throw new UnknownPublicationError(`no publication ${publication}`);
    return PublicationSettingsSchema.parse(result.Item.settings ?? result.Item);
  }
}
