import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalState } from '../../../local/local-pipeline-contract.ts';
import { loadSamplePosts, samplePostsDirectoryOf } from '../../../local/sample-posts.ts';
import { LocalStartProcess } from '../../support/local-start-process.ts';
import { requestWithHost } from '../../support/host-header-request.ts';
import { runCli } from '../../support/run-cli.ts';

/** One start of the whole pipeline, JVM included, then the reads. */
const START_MS = 180_000;

describe('npm start publishes a network of three sample publications', () => {
  let dataDirectory: string;
  let started: LocalStartProcess;
  let state: LocalState;
  let port: number;

  const url = (key: string) => new URL(key, state.feedServerUrl).href;
  async function text(key: string): Promise<string> {
    const response = await fetch(url(key));
    expect(response.status, key).toBe(200);
    return response.text();
  }
  async function jsonFeedUrls(key: string): Promise<string[]> {
    const document = JSON.parse(await text(key)) as { items: { url: string }[] };
    return document.items.map((item) => item.url);
  }

  beforeAll(async () => {
    dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'feedline-network-'));
    started = LocalStartProcess.launch(dataDirectory, ['--fresh']);
    state = await started.ready();
    port = Number(new URL(state.feedServerUrl).port);
  }, START_MS);

  afterAll(async () => {
    await started?.stop('SIGINT');
    await rm(dataDirectory, { recursive: true, force: true });
  });

  it('names each publication\'s index, on its path and on its own host name, and the network directory', () => {
    expect(started.output).toContain(url('pubs/ru/index.html'));
    expect(started.output).toContain(url('pubs/fa/index.html'));
    expect(started.output).toContain(`http://ru.localhost:${port}/`);
    expect(started.output).toContain(`http://fa.localhost:${port}/`);
    expect(started.output).toContain(url('network/index.html'));
  });

  it('serves each publication\'s index page and all feed, the Persian ones in Persian and right to left', async () => {
    expect(await text('index.html')).toContain('<html lang="en" dir="ltr">');
    expect(await text('pubs/ru/index.html')).toContain('<html lang="ru" dir="ltr">');
    expect(await text('pubs/fa/index.html')).toContain('<html lang="fa" dir="rtl">');
    expect(await text('feeds/all/atom.xml')).toContain('xml:lang="en"');
    expect(await text('pubs/ru/feeds/all/atom.xml')).toContain('xml:lang="ru"');
    const persian = await text('pubs/fa/feeds/all/atom.xml');
    expect(persian).toContain('xml:lang="fa"');
    expect(persian).toContain(`<link rel="self" type="application/atom+xml" href="${url('pubs/fa/feeds/all/atom.xml')}"/>`);
  });

  it('keeps the kazakhstan topic of the default and the Russian publication apart, partner items included', async () => {
    const english = await jsonFeedUrls('feeds/topics/kazakhstan/feed.json');
    const russian = await jsonFeedUrls('pubs/ru/feeds/topics/kazakhstan/feed.json');
    const russianSamples = (await loadSamplePosts(samplePostsDirectoryOf('ru'))).filter((post) => post.topics.some((topic) => topic.slug === 'kazakhstan'));
    expect(russianSamples.length).toBeGreaterThan(0);
    for (const post of russianSamples) {
      expect(russian).toContain(post.url);
      expect(english).not.toContain(post.url);
    }
    expect(english.filter((postUrl) => russian.includes(postUrl))).toEqual([]);
    // Each publication's partner: steppe-wire feeds the English topic, irtysh-vesti the Russian one.
    expect(await text('pubs/ru/feeds/sources/irtysh-vesti/atom.xml')).toContain('xml:lang="ru"');
    expect((await fetch(url('feeds/sources/irtysh-vesti/atom.xml'))).status).toBe(404);
  });

  it('lists all three publications and their feeds in the network directory', async () => {
    const opml = await text('network/feeds.opml');
    for (const key of ['feeds/all/rss.xml', 'pubs/ru/feeds/all/rss.xml', 'pubs/fa/feeds/all/rss.xml']) expect(opml).toContain(url(key));
    const page = await text('network/index.html');
    for (const key of ['index.html', 'pubs/ru/index.html', 'pubs/fa/index.html']) expect(page).toContain(url(key));
  });

  it('serves fa.localhost from the Persian publication\'s folder', async () => {
    const index = await requestWithHost(port, `fa.localhost:${port}`, '/');
    expect(index.status).toBe(200);
    expect(index.body).toBe(await text('pubs/fa/index.html'));
    const feed = await requestWithHost(port, `fa.localhost:${port}`, '/feeds/all/atom.xml');
    expect(feed.status).toBe(200);
    expect(feed.body).toBe(await text('pubs/fa/feeds/all/atom.xml'));
    expect((await requestWithHost(port, `fa.localhost:${port}`, '/network/index.html')).status).toBe(404);
  });

  it('shows a digest of the sample posts for the welcome text\'s newsletter dry-run, run as printed, and in preview', async () => {
    const printed = /npx feedline (newsletter send \S+ --dry-run)\n/.exec(started.output)?.[1];
    expect(printed).toBeDefined();
    const published = (await loadSamplePosts(samplePostsDirectoryOf('default'))).filter((post) => post.status !== 'draft');
    vi.stubEnv('FEEDLINE_LOCAL_STATE', path.join(dataDirectory, 'local.json'));
    try {
      const dryRun = await runCli(...(printed ?? '').split(' '));
      expect(dryRun.code, dryRun.err).toBe(0);
      expect(dryRun.out).toMatch(/^default\/morning-brief: would send ".+" and \d+ more post\(s\)/);
      expect(published.filter((post) => dryRun.out.includes(`  ${post.publishedAt}  ${post.title}\n`)).length).toBeGreaterThan(3);
      const preview = await runCli('newsletter', 'preview', 'default/morning-brief');
      expect(preview.code, preview.err).toBe(0);
      expect(published.filter((post) => preview.out.includes(post.title)).length).toBeGreaterThan(3);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('keeps the publications across a restart on another port, their feeds and the directory rebuilt for the new address', async () => {
    const russianBefore = await jsonFeedUrls('pubs/ru/feeds/all/feed.json');
    await started.stop('SIGINT');
    started = LocalStartProcess.launch(dataDirectory);
    state = await started.ready();
    const newPort = Number(new URL(state.feedServerUrl).port);
    expect(newPort).not.toBe(port);
    port = newPort;
    expect(await jsonFeedUrls('pubs/ru/feeds/all/feed.json')).toEqual(russianBefore);
    expect(await text('pubs/fa/feeds/all/atom.xml')).toContain(`<link rel="self" type="application/atom+xml" href="${url('pubs/fa/feeds/all/atom.xml')}"/>`);
    expect(await text('network/feeds.opml')).toContain(url('pubs/fa/feeds/all/rss.xml'));
    expect(started.output).toContain(`http://fa.localhost:${port}/`);
  }, START_MS);
});
