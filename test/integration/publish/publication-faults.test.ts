import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { Post } from '../../../shared/post/post-schema.ts';
import { publicationOfPost } from '../../../shared/post/post-schema.ts';
import { publicationSettingsKey } from '../../../shared/publication/publication-settings.ts';
import { postKey } from '../../../shared/store/table-design.ts';
import { makePost } from '../../support/post-factory.ts';
import { PublishHarness, type Invocation } from '../../support/publish-harness.ts';
import { internalError, interceptS3 } from '../../support/s3-fault-injection.ts';
import { testPublication } from '../../support/test-publication.ts';

/** Long enough that posts written in one transaction reach the handler as one batch. */
const BATCHING_WINDOW_MS = 300;

const defaultPost = makePost({ id: 'detained-lawyer-released', title: 'Detained lawyer released after eleven days' });
const russianPost = makePost({ id: 'advokat-na-svobode', publication: 'ru', language: 'ru', title: 'Адвоката освободили через одиннадцать дней', url: 'https://humanrights.example.org/ru/advokat' });
const kazakhPost = makePost({ id: 'adwokat-bostandy', publication: 'kk', language: 'kk', title: 'Адвокат он бір күннен кейін босатылды', url: 'https://humanrights.example.org/kk/adwokat' });
const pashtoPost = makePost({ id: 'wakil-azad-shu', publication: 'ps', language: 'ps', title: 'وکیل له یوولسو ورځو وروسته خوشې شو', url: 'https://humanrights.example.org/ps/wakil' });

describe('publications: one publication’s trouble never fails another’s records', () => {
  let harness: PublishHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('parks the records of a publication with broken or missing settings and publishes the rest of the batch', async () => {
    harness = await PublishHarness.create({ batchingWindowMs: BATCHING_WINDOW_MS });
    await harness.publications.add(testPublication('ru'));
    // Written around the store's validation, as a bad hand edit or an older tool might.
    const broken = { ...testPublication('kk'), feedBaseUrl: 'feeds.humanrights.example.org/pubs/kk', tagAuthority: 'kk service' };
    await harness.clients.documents.put({ TableName: harness.tableName, Item: { ...publicationSettingsKey('kk'), ...broken } });

    await writeInOneTransaction(harness, [kazakhPost, defaultPost, pashtoPost, russianPost]);
    await harness.drain();

    const first = invocationWith(harness.invocations, 4);
    expect(first.response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      [sequenceOf(first, 'PUB#kk#POST#adwokat-bostandy'), sequenceOf(first, 'PUB#ps#POST#wakil-azad-shu')].sort(),
    );
    expect(await harness.idsInFeed('all')).toEqual(['detained-lawyer-released']);
    expect(await harness.idsInFeed('all', 'ru')).toEqual(['advokat-na-svobode']);
    expect(await harness.readFeed('all', 'json', 'kk')).toBeUndefined();

    const parked = harness.log.withMessage('publication settings unusable; its records are parked for retry and then the DLQ');
    const kk = parked.find((line) => line.attributes.publicationId === 'kk');
    expect(kk?.attributes).toMatchObject({ reason: 'invalid settings', recordCount: 1 });
    expect(new Set((kk?.attributes.problems as { field: string }[]).map((problem) => problem.field))).toEqual(new Set(['feedBaseUrl', 'tagAuthority']));
    expect(parked.find((line) => line.attributes.publicationId === 'ps')?.attributes).toMatchObject({ reason: 'no settings' });
    expect(harness.failedBatches.flatMap((batch) => batch.records.map(partitionKeyOf))).toEqual(expect.arrayContaining(['PUB#kk#POST#adwokat-bostandy']));

    // Repaired settings are read on the publication's next batch: no wait for the cache.
    await harness.publications.remove('kk');
    await harness.publications.add(testPublication('kk'));
    await harness.posts.put({ ...kazakhPost, title: 'Адвокат босатылды' });
    await harness.drain();
    expect(await harness.idsInFeed('all', 'kk')).toEqual(['adwokat-bostandy']);
  });

  it('fails only the records of the publication whose objects cannot be written', async () => {
    let failing = true;
    harness = await PublishHarness.create({
      batchingWindowMs: BATCHING_WINDOW_MS,
      instrumentS3: (s3) =>
        interceptS3(s3, async (input, realPut) => {
          if (failing && input.Key?.startsWith('pubs/ru/')) throw internalError();
          return realPut(input);
        }),
    });
    await harness.publications.add(testPublication('ru'));

    await writeInOneTransaction(harness, [russianPost, defaultPost]);
    await harness.drain();

    const first = invocationWith(harness.invocations, 2);
    expect(first.response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(first, 'PUB#ru#POST#advokat-na-svobode') }]);
    expect(await harness.idsInFeed('all')).toEqual(['detained-lawyer-released']);
    expect(await harness.readFeed('all', 'json', 'ru')).toBeUndefined();
    const failures = harness.log.withMessage('feed regeneration failed; last good feed kept, records will be retried');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((line) => (line.attributes.postIds as string[]).join() === 'advokat-na-svobode')).toBe(true);

    failing = false;
    await harness.posts.put({ ...russianPost, title: 'Адвоката освободили' });
    await harness.drain();
    expect(await harness.idsInFeed('all', 'ru')).toEqual(['advokat-na-svobode']);
  });
});

async function writeInOneTransaction(harness: PublishHarness, posts: Post[]): Promise<void> {
  await harness.clients.documents.transactWrite({
    TransactItems: posts.map((post) => ({ Put: { TableName: harness.tableName, Item: { ...postKey(publicationOfPost(post), post.id), ...post } } })),
  });
}

function invocationWith(invocations: Invocation[], recordCount: number): Invocation {
  const invocation = invocations.find((each) => each.recordCount === recordCount);
  if (!invocation) throw new Error(`no batch of ${recordCount} records: ${invocations.map((each) => each.recordCount).join(', ')}`);
  return invocation;
}

function partitionKeyOf(record: DynamoDBRecord): string | undefined {
  return record.dynamodb?.Keys?.pk?.S;
}

function sequenceOf(invocation: Invocation, pk: string): string | undefined {
  return invocation.event.Records.find((record) => partitionKeyOf(record) === pk)?.dynamodb?.SequenceNumber;
}
