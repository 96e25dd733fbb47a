import type { DynamoDBBatchResponse } from 'aws-lambda';
import { mapWithConcurrency } from '../../concurrency/map-with-concurrency.ts';
import { errorFields } from '../../errors/error-description.ts';
import type { EventLog } from '../../log/event-log.ts';
import type { PublicationId } from '../../publication/publication-keys.ts';
import type { FieldProblem } from '../../validation/field-problems.ts';
import { publishStreamBatch, type BatchPublishing } from '../publish-stream-batch.ts';
import type { StreamBatchOutcome, StreamBatchProcessor } from '../stream-batch-processor.ts';
import { parseStreamRecord } from '../stream/post-change.ts';
import type { PublicationPipelines } from './publication-pipelines.ts';

/** What became of one publication's records in a batch. */
export type PublicationBatchOutcome =
  | { publicationId: PublicationId; status: 'published'; outcome: StreamBatchOutcome }
  /** Its settings are missing or broken: the records go back to the stream, then to the DLQ. */
  | { publicationId: PublicationId; status: 'parked'; reason: string; problems: FieldProblem[]; recordCount: number }
  /** Its publish path threw (say, its settings could not be read): only its records are retried. */
  | { publicationId: PublicationId; status: 'failed'; error: Record<string, unknown>; recordCount: number };

export interface NetworkBatchOutcome {
  response: DynamoDBBatchResponse;
  publications: PublicationBatchOutcome[];
}

interface PublicationRecords {
  publicationId: PublicationId;
  records: unknown[];
  sequenceNumbers: string[];
}

/** What the router needs of a publication's pipeline: its batch processor and what ends a batch. */
export type RoutablePipeline = BatchPublishing & { streamProcessor: Pick<StreamBatchProcessor, 'process'> };

export interface PublicationBatchRouterOptions {
  pipelines: Pick<PublicationPipelines<RoutablePipeline>, 'pipelineOf'>;
  /** Told after every batch, once each publication is done (the network directory); must not throw. */
  afterBatch?: (outcome: NetworkBatchOutcome) => Promise<void>;
  log: EventLog;
  /** Publications published at once; each regenerates its own feeds with its own concurrency. */
  concurrency?: number;
}

/**
 * The publish path for one stream batch of a network: the records are grouped by the publication
 * their key names, and each group goes through its own publication's pipeline, settings and bucket
 * folder (`publishStreamBatch`, as a single site's batch did). A publication whose settings are
 * missing or broken, or whose feeds fail, fails only its own records (a partial batch response);
 * the other publications' records in the same batch are published.
 */
export class PublicationBatchRouter {
  private readonly concurrency: number;

  constructor(private readonly options: PublicationBatchRouterOptions) {
    this.concurrency = options.concurrency ?? 4;
  }

  async publish(records: readonly unknown[]): Promise<NetworkBatchOutcome> {
    const groups = this.groupByPublication(records);
    const settled = await mapWithConcurrency(groups, this.concurrency, (group) => this.publishGroup(group));
    const publications = settled.map((result, index) => {
      const group = groups[index] as PublicationRecords;
      return result.status === 'fulfilled' ? result.value : this.failed(group, result.reason);
    });
    const batchItemFailures = publications.flatMap((publication, index) => failedSequenceNumbers(publication, groups[index] as PublicationRecords));
    const outcome = { response: { batchItemFailures: batchItemFailures.map((itemIdentifier) => ({ itemIdentifier })) }, publications };
    await this.options.afterBatch?.(outcome);
    return outcome;
  }

  /** Stream order is kept within each publication; records that are no post of any publication are dropped here. */
  private groupByPublication(records: readonly unknown[]): PublicationRecords[] {
    const groups = new Map<PublicationId, PublicationRecords>();
    for (const record of records) {
      const parsed = parseStreamRecord(record);
      if (parsed.kind === 'ignored') {
        this.options.log.debug('stream record ignored', { reason: parsed.reason });
        continue;
      }
      const { publicationId, sequenceNumber } = parsed.change;
      const group = groups.get(publicationId) ?? { publicationId, records: [], sequenceNumbers: [] };
      group.records.push(record);
      group.sequenceNumbers.push(sequenceNumber);
      groups.set(publicationId, group);
    }
    return [...groups.values()];
  }

  private async publishGroup(group: PublicationRecords): Promise<PublicationBatchOutcome> {
    const { publicationId } = group;
    const resolved = await this.options.pipelines.pipelineOf(publicationId);
    if (resolved.kind === 'unavailable') {
      this.options.log.error('publication settings unusable; its records are parked for retry and then the DLQ', {
        publicationId,
        reason: resolved.reason,
        problems: resolved.problems,
        recordCount: group.records.length,
      });
      return { publicationId, status: 'parked', reason: resolved.reason, problems: resolved.problems, recordCount: group.records.length };
    }
    const { pipeline } = resolved;
    const outcome = await publishStreamBatch(pipeline, () => pipeline.streamProcessor.process(group.records));
    return { publicationId, status: 'published', outcome };
  }

  private failed(group: PublicationRecords, reason: unknown): PublicationBatchOutcome {
    const error = errorFields(reason);
    this.options.log.error("publication's records failed; they will be retried, other publications are unaffected", {
      publicationId: group.publicationId,
      recordCount: group.records.length,
      error,
    });
    return { publicationId: group.publicationId, status: 'failed', error, recordCount: group.records.length };
  }
}

function failedSequenceNumbers(publication: PublicationBatchOutcome, group: PublicationRecords): string[] {
  if (publication.status !== 'published') return group.sequenceNumbers;
  return publication.outcome.response.batchItemFailures.map((failure) => failure.itemIdentifier);
}
