import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SqsEventSource } from '../../../local/queue/sqs-event-source.ts';
import {
  DEAD_LETTERS_NAME,
  FanOutRig,
  HangingFetcher,
  LEASE_MS,
  MAX_RECEIVE_COUNT,
  PERIOD_MS,
  POLL_QUEUE_NAME,
  VISIBILITY_TIMEOUT_MS,
} from '../../support/fan-out-rig.ts';

const SUBSCRIPTIONS = 5_000;
/** Generous: 5,000 claims and records a period on a DynamoDB Local shared with other test files. */
const PERIOD_TIMEOUT_MS = 240_000;
const WAIT = { timeout: PERIOD_TIMEOUT_MS, interval: 100 };

let rig: FanOutRig;
let urls: string[];
let workers: SqsEventSource[] = [];

beforeAll(async () => {
  rig = await FanOutRig.create();
  urls = await rig.subscribe(SUBSCRIPTIONS);
}, PERIOD_TIMEOUT_MS);

afterAll(async () => {
  await rig?.close();
});

/** Every URL fetched `times` times, and the queue empty: the period is over. */
async function everyFeedFetched(times: number): Promise<void> {
  await vi.waitFor(() => expect(urls.filter((url) => rig.fetches.get(url) !== times)).toEqual([]), WAIT);
  await vi.waitFor(() => expect(rig.sqsStandIn.queue(POLL_QUEUE_NAME).counts()).toEqual({ visible: 0, inFlight: 0 }), WAIT);
}

describe(`the poll fan-out: ${SUBSCRIPTIONS} subscriptions, 4 workers on the queue`, () => {
  it('period 1: each due subscription is polled exactly once, though two overlapping scheduler runs sent each twice', async () => {
    const first = await rig.dispatcher.dispatchDue();
    const overlapping = await rig.dispatcher.dispatchDue();
    expect(first).toMatchObject({ due: SUBSCRIPTIONS, sent: SUBSCRIPTIONS, unsent: 0 });
    expect(overlapping).toMatchObject({ due: SUBSCRIPTIONS, sent: SUBSCRIPTIONS, unsent: 0 });
    workers = Array.from({ length: 4 }, () => rig.startWorker());
    await everyFeedFetched(1);
    expect(rig.sqsStandIn.queue(DEAD_LETTERS_NAME).counts().visible).toBe(0);
  }, PERIOD_TIMEOUT_MS);

  it('period 2: a worker killed mid-batch leaves its subscriptions leased; another polls them once the lease ends', async () => {
    rig.advance(PERIOD_MS);
    await workers.pop()?.stop();
    const hanging = new HangingFetcher();
    const doomed = rig.startWorker(hanging);
    await rig.dispatcher.dispatchDue();
    await hanging.firstFetch;
    doomed.kill();
    const orphaned = hanging.started;
    expect(orphaned.length).toBeGreaterThan(0);
    const others = urls.filter((url) => !orphaned.includes(url));
    await vi.waitFor(() => expect(others.filter((url) => rig.fetches.get(url) !== 2)).toEqual([]), WAIT);

    // The dead worker's messages come back after the visibility timeout; the lease still holds, so they poll nothing.
    rig.advance(VISIBILITY_TIMEOUT_MS);
    await vi.waitFor(() => expect(rig.sqsStandIn.queue(POLL_QUEUE_NAME).counts()).toEqual({ visible: 0, inFlight: 0 }), WAIT);
    expect(orphaned.map((url) => rig.fetches.get(url))).toEqual(orphaned.map(() => 1));

    // The lease ends: the next scheduled run finds them due again, and the living workers poll them.
    rig.advance(LEASE_MS);
    expect(await rig.dispatcher.dispatchDue()).toMatchObject({ due: orphaned.length, sent: orphaned.length });
    await everyFeedFetched(2);
  }, PERIOD_TIMEOUT_MS);

  it('period 3: a poisoned message goes to the dead-letter queue after its receives; every subscription is still polled once', async () => {
    rig.advance(PERIOD_MS);
    workers.push(rig.startWorker());
    await rig.sqs.send(new SendMessageCommand({ QueueUrl: rig.sqsStandIn.queueUrl(POLL_QUEUE_NAME), MessageBody: '{"id":"sub-1","nextFetchAt":"soon"}' }));
    expect(await rig.dispatcher.dispatchDue()).toMatchObject({ due: SUBSCRIPTIONS, sent: SUBSCRIPTIONS });
    await vi.waitFor(() => expect(urls.filter((url) => rig.fetches.get(url) !== 3)).toEqual([]), WAIT);

    // Handed back on each receive; after the last one allowed, the next receive moves it.
    const deadLetters = rig.sqsStandIn.queue(DEAD_LETTERS_NAME);
    for (let receive = 1; receive <= MAX_RECEIVE_COUNT; receive += 1) {
      await vi.waitFor(() => expect(rig.returnedMessages).toBe(receive), WAIT);
      expect(deadLetters.counts().visible).toBe(0);
      rig.advance(VISIBILITY_TIMEOUT_MS);
    }
    await vi.waitFor(() => expect(deadLetters.counts().visible).toBe(1), WAIT);
    expect(await rig.deadLetters()).toEqual(['{"id":"sub-1","nextFetchAt":"soon"}']);
    expect(rig.sqsStandIn.queue(POLL_QUEUE_NAME).counts()).toEqual({ visible: 0, inFlight: 0 });
    expect(urls.filter((url) => rig.fetches.get(url) !== 3)).toEqual([]);
  }, PERIOD_TIMEOUT_MS);
});
