import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { publicationSettingsKey } from '../../../shared/publication/publication-settings.ts';
import { networkPublicationsReader } from '../../../shared/publish/publication/network-publications.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness } from '../../support/publish-harness.ts';
import { testPublication } from '../../support/test-publication.ts';

describe('what the network directory lists', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('reads the default publication and every stored one with its own catalog, leaving out one with broken settings', async () => {
    harness = await PublishHarness.create();
    await harness.publications.add(testPublication('ru'));
    const broken = { ...testPublication('kk'), tagAuthority: 'kk service' };
    await harness.clients.documents.send(new PutCommand({ TableName: harness.tableName, Item: { ...publicationSettingsKey('kk'), ...broken } }));
    await harness.posts.put(makePost({ id: 'ru-post', publication: 'ru', language: 'ru', url: 'https://humanrights.example.org/ru/post' }));
    await harness.drain();

    const read = networkPublicationsReader({ documents: harness.clients.documents, tableName: harness.tableName, defaultSite: harness.site, settings: harness.publications, log: harness.log });
    const publications = await read();

    expect(publications.map((publication) => publication.id)).toEqual(['default', 'ru']);
    expect(publications[0]?.entries).toEqual([]);
    expect(publications[1]?.site.feedBaseUrl).toBe('https://feeds.humanrights.example.org/pubs/ru/');
    expect(publications[1]?.entries.map((entry) => entry.feedId)).toContain('all');
    expect(harness.log.withMessage('publication left out of the network directory: its settings are invalid')).toEqual([
      expect.objectContaining({ attributes: { publicationId: 'kk' } }),
    ]);
  });
});
