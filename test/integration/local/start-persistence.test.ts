import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../../shared/aws/aws-clients.ts';
import { PostStore } from '../../../shared/store/post-store.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { EMULATOR_CREDENTIALS } from '../../../local/emulators/emulator-credentials.ts';
import type { LocalState } from '../../../local/local-pipeline-contract.ts';
import { loadSamplePosts } from '../../../local/sample-posts.ts';
import { LocalStartProcess } from '../../support/local-start-process.ts';
import { makePost } from '../../support/post-factory.ts';
import { destroyClients } from '../../support/emulator-clients.ts';

/**
 * The post URLs of a JSON feed's whole history, each once: the feed, then each archive page through
 * `next_url`. A post may stand both in the feed and in its newest page (RFC 5005: the feed wins),
 * so a post published twice shows as two ids for one URL, which this refuses.
 */
async function historyOf(baseUrl: string, feed = 'all'): Promise<string[]> {
  const idsByUrl = new Map<string, Set<string>>();
  let url: string | undefined = new URL(`feeds/${feed}/feed.json`, baseUrl).toString();
  while (url !== undefined) {
    const response = await fetch(url);
    expect(response.status, url).toBe(200);
    const document = (await response.json()) as { items: { id: string; url: string }[]; next_url?: string };
    const idsHere = document.items.map((item) => item.id);
    expect(new Set(idsHere).size, `distinct items of ${url}`).toBe(idsHere.length);
    for (const item of document.items) idsByUrl.set(item.url, (idsByUrl.get(item.url) ?? new Set()).add(item.id));
    url = document.next_url;
  }
  for (const [postUrl, ids] of idsByUrl) expect([...ids], `ids of ${postUrl}`).toHaveLength(1);
  return [...idsByUrl.keys()];
}

function clientsFor(state: LocalState): AwsClients {
  return createAwsClients({
    region: state.region,
    dynamoDbEndpoint: state.dynamoDbEndpoint,
    s3Endpoint: state.s3Endpoint,
    s3ForcePathStyle: true,
    credentials: { ...EMULATOR_CREDENTIALS },
  });
}

/**
 * Polls until the check holds. A read that fails meanwhile counts as "not yet": s3rver rewrites an
 * object's file in place, so a GET racing the pipeline's PUT of the same feed can be cut off
 * (S3 itself replaces objects atomically). The last failure is reported if time runs out.
 */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastFailure: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastFailure = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${lastFailure ? `; last failure: ${String(lastFailure)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The history once the pipeline is quiet enough to read it whole (see `waitFor`). */
async function settledHistoryOf(baseUrl: string): Promise<string[]> {
  let history: string[] = [];
  await waitFor(async () => {
    history = await historyOf(baseUrl);
    return true;
  });
  return history;
}

/** Each case starts the whole pipeline two or three times, JVM included. */
const SEVERAL_STARTS_MS = 450_000;

describe('npm start keeps what you put in it', () => {
  let dataDirectory: string;
  const running: LocalStartProcess[] = [];
  const launch = (args: string[] = []) => {
    const started = LocalStartProcess.launch(dataDirectory, args);
    running.push(started);
    return started;
  };

  beforeAll(async () => {
    dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'feedline-start-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((started) => started.stop('SIGKILL')));
  });
  afterAll(async () => {
    await rm(dataDirectory, { recursive: true, force: true });
  });

  it('keeps posts, subscriptions and feeds across a restart, and refuses a second start meanwhile', async () => {
    const first = launch(['--fresh']);
    const state = await first.ready();
    const clients = clientsFor(state);
    const post = makePost({ id: 'kept-across-restarts', url: 'https://humanrights.example.org/2026/11/kept', publishedAt: '2026-11-29T09:00:00Z', updatedAt: '2026-11-29T09:00:00Z' });
    await new PostStore(clients.documents, state.tableName).put(post);
    await waitFor(async () => (await historyOf(state.feedServerUrl)).includes(post.url));
    const subscriptionsBefore = (await new SubscriptionRegistry(clients.documents, state.tableName).listAll()).map((sub) => sub.id).sort();
    destroyClients(clients);

    const second = launch();
    expect(await second.exited()).toBe(1);
    expect(second.output).toContain(`already running from this checkout (pid ${first.pid}`);

    expect(await first.stop('SIGINT')).toBe(0);
    // The folder it names is the one it keeps (FEEDLINE_DATA_DIR here), not always `.feedline/`.
    expect(first.output).toContain(`stopping the local pipeline (everything is kept in ${dataDirectory}/)`);
    const restarted = launch();
    const stateAfter = await restarted.ready();
    const history = await settledHistoryOf(stateAfter.feedServerUrl);
    expect(history).toContain(post.url);
    const samples = await loadSamplePosts();
    for (const sample of samples.filter((candidate) => candidate.status === 'published')) expect(history).toContain(sample.url);
    const after = clientsFor(stateAfter);
    expect((await new SubscriptionRegistry(after.documents, stateAfter.tableName).listAll()).map((sub) => sub.id).sort()).toEqual(subscriptionsBefore);
    destroyClients(after);
  }, SEVERAL_STARTS_MS);

  it('loses and duplicates nothing when killed with SIGKILL in the middle of a burst', async () => {
    const first = launch(['--fresh']);
    const state = await first.ready();
    const clients = clientsFor(state);
    const posts = new PostStore(clients.documents, state.tableName);
    const burst = Array.from({ length: 40 }, (_, index) =>
      makePost({
        id: `burst-${String(index).padStart(2, '0')}`,
        url: `https://humanrights.example.org/2026/11/burst-${index}`,
        publishedAt: new Date(Date.UTC(2026, 10, 28, 0, index)).toISOString(),
        updatedAt: new Date(Date.UTC(2026, 10, 28, 0, index)).toISOString(),
      }),
    );
    await Promise.all(burst.map((post) => posts.put(post)));
    destroyClients(clients);
    // Killed while the stream handler is publishing the burst: no cleanup, no final checkpoint.
    expect(await first.stop('SIGKILL')).toBeNull();

    const restarted = launch();
    const stateAfter = await restarted.ready();
    await waitFor(async () => {
      const history = await historyOf(stateAfter.feedServerUrl);
      return burst.every((post) => history.includes(post.url));
    });
    const history = await settledHistoryOf(stateAfter.feedServerUrl);
    for (const post of burst) expect(history).toContain(post.url);
  }, SEVERAL_STARTS_MS);

  it('starts empty of your own posts with --fresh', async () => {
    const first = launch();
    const state = await first.ready();
    const clients = clientsFor(state);
    const post = makePost({ id: 'forgotten-by-fresh', url: 'https://humanrights.example.org/2026/11/forgotten' });
    await new PostStore(clients.documents, state.tableName).put(post);
    await waitFor(async () => (await historyOf(state.feedServerUrl)).includes(post.url)).catch((error: unknown) => {
      throw new Error(`${String(error)}; npm start said:\n${first.output}`);
    });
    destroyClients(clients);
    await first.stop('SIGINT');
    // The terminal view: one warning per fact, and the welcome's addresses in one column.
    expect(first.output.split('\n').filter((line) => line.includes('SSRF guard disabled'))).toHaveLength(1);
    const addressColumns = first.output.split('\n').flatMap((line) => (/^ {2}[A-Za-z][A-Za-z ()]+ {2,}http/.test(line) ? [line.indexOf('http')] : []));
    expect(addressColumns.length).toBeGreaterThan(8);
    expect(new Set(addressColumns).size).toBe(1);

    const fresh = launch(['--fresh']);
    const stateAfter = await fresh.ready();
    expect(await settledHistoryOf(stateAfter.feedServerUrl)).not.toContain(post.url);
  }, SEVERAL_STARTS_MS);
});

describe('npm start on the command line', () => {
  it('names a busy port and how to pick another, in one line without a stack trace', async () => {
    const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'feedline-start-port-'));
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const started = LocalStartProcess.launch(dataDirectory, [], { PORT: String(port) });
    expect(await started.exited()).toBe(1);
    busy.close();
    const problem = started.output.split('\n').filter((line) => line.startsWith('npm start:'));
    expect(problem).toEqual([`npm start: port ${port} is already in use: stop what uses it, or pick other ports, e.g. PORT=9000 npm start (it also takes PORT + 1)`]);
    expect(started.output).not.toMatch(/^\s+at /m);
    await rm(dataDirectory, { recursive: true, force: true });
  }, SEVERAL_STARTS_MS);

  it('refuses an unknown option with one line and exit code 2', async () => {
    const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'feedline-start-args-'));
    const started = LocalStartProcess.launch(dataDirectory, ['--frsh']);
    expect(await started.exited()).toBe(2);
    expect(started.output).toMatch(/npm start: Unknown option '--frsh'/);
    await rm(dataDirectory, { recursive: true, force: true });
  });
});
