import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { SubscriptionRegistry } from '../../../shared/store/subscription-registry.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';
import { captureOutput } from '../../support/captured-output.ts';
import { useCliTestRig } from '../../support/cli-test-rig.ts';
import { runCli } from '../../support/run-cli.ts';

const rig = useCliTestRig('cli-sub');
const { clients, tableName } = rig;

describe('feedline sub commands against the running local pipeline', () => {
  it('adds, polls, lists with health, and removes a subscription', async () => {
    rig.server.feed('/cli.xml', await readFixture('basic.rss.xml'));
    rig.server.status('/cli-missing.xml', 404);
    let output = captureOutput();
    expect(await main(['sub', 'add', rig.server.urlOf('/cli.xml'), '--id', 'cli-wire', '--topic', 'wire', '--topic', 'press-freedom=Press freedom'])).toBe(0);
    expect(output.out()).toContain('subscribed cli-wire');
    expect(output.out()).toContain('http://127.0.0.1:8080/feeds/sources/cli-wire/atom.xml');
    expect(await main(['sub', 'add', rig.server.urlOf('/cli-missing.xml'), '--force'])).toBe(0);
    const stored = await new SubscriptionRegistry(clients.documents, tableName).get('cli-wire');
    expect(stored?.topics).toEqual([{ slug: 'wire', label: 'Wire' }, { slug: 'press-freedom', label: 'Press freedom' }]);

    vi.restoreAllMocks();
    output = captureOutput();
    expect(await main(['sub', 'poll'])).toBe(0);
    expect(output.out()).toMatch(/polled 2 of 2: 1 changed, .* 1 failed/);
    expect(output.err()).toContain('SSRF guard off');

    vi.restoreAllMocks();
    output = captureOutput();
    expect(await main(['sub', 'list'])).toBe(0);
    expect(output.out()).toMatch(/cli-wire {2}ok {2}http:\/\/127\.0\.0\.1/);
    expect(output.out()).toMatch(/FAILING\(1\)/);
    expect(output.out()).toContain('[http-status 404] HTTP 404 from');
    expect(output.out()).toContain('2 subscription(s)');

    vi.restoreAllMocks();
    output = captureOutput();
    expect(await main(['sub', 'poll', 'cli-wire'])).toBe(0);
    expect(output.out()).toContain('(not-modified)');
    expect(await main(['sub', 'remove', 'cli-wire'])).toBe(0);
    expect(output.out()).toContain('removed cli-wire; its posts stay published');
    expect(await main(['sub', 'poll', 'cli-wire'])).toBe(1);
    expect(output.err()).toContain('no subscription cli-wire');
  });

  it('rejects bad input before connecting, with usage errors as exit code 2', async () => {
    const output = captureOutput();
    expect(await main(['sub', 'add', 'ftp://wire.example/feed'])).toBe(1);
    expect(await main(['sub', 'add', 'https://wire.example/feed', '--topic', 'Not A Slug'])).toBe(1);
    expect(await main(['sub', 'add', 'https://wire.example/feed', '--id', 'Bad Id'])).toBe(1);
    expect(await main(['sub', 'remove'])).toBe(2);
    expect(await main(['sub', 'add', 'https://wire.example/feed', '--bogus'])).toBe(2);
    expect(output.err()).toContain('must be an absolute http(s) URL');
    expect(output.err()).toContain('--topic Not A Slug');
  });

  it('fails (exit 1) on removing a subscription that does not exist, as post delete does', async () => {
    const output = captureOutput();
    expect(await main(['sub', 'remove', 'no-such-wire'])).toBe(1);
    expect(output.err()).toBe('error: no subscription no-such-wire\n');
    expect(output.out()).toBe('');
  });

  it('names a subscription after the feed title and lists subscriptions as JSON', async () => {
    rig.server.feed('/named.xml', await readFixture('basic.rss.xml'));
    let output = captureOutput();
    expect(await main(['sub', 'add', rig.server.urlOf('/named.xml'), '--topic', 'wire'])).toBe(0);
    expect(output.out()).toContain(`subscribed fixture-wire to ${rig.server.urlOf('/named.xml')}`);

    vi.restoreAllMocks();
    output = captureOutput();
    expect(await main(['sub', 'list', '--json'])).toBe(0);
    const listed = JSON.parse(output.out()) as { id: string; url: string; topics: { slug: string }[] }[];
    expect(listed.find((subscription) => subscription.id === 'fixture-wire')).toMatchObject({ url: rig.server.urlOf('/named.xml'), topics: [{ slug: 'wire' }] });
  });

  it('refuses to subscribe the same URL twice under the same id', async () => {
    const output = captureOutput();
    expect(await main(['sub', 'add', rig.server.urlOf('/twice.xml'), '--force'])).toBe(0);
    expect(await main(['sub', 'add', rig.server.urlOf('/twice.xml'), '--force'])).toBe(1);
    expect(output.err()).toMatch(/subscription 127-0-0-1-[0-9a-f]{8} already exists/);
  });

  it.each([
    { answer: 'a 404', path: '/refused-404.xml', reason: 'HTTP 404' },
    { answer: 'a 503', path: '/refused-503.xml', reason: 'HTTP 503' },
    { answer: 'a page that is not a feed', path: '/refused-page.html', reason: 'not a feed \\(text/html' },
  ])('refuses a URL that answers with $answer, in one line with exit 1, unless --force', async ({ path, reason }) => {
    rig.server.status('/refused-404.xml', 404).status('/refused-503.xml', 503);
    rig.server.feed('/refused-page.html', Buffer.from('<!doctype html><html><head><title>Steppe Wire</title></head><body><p>Our reporting</p></body></html>'), { contentType: 'text/html; charset=utf-8' });
    const url = rig.server.urlOf(path);
    let run = await runCli('sub', 'add', url);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toMatch(new RegExp(`^error: ${url} is not a feed we can read now \\(.*${reason}.*\\); not subscribed \\(pass --force to subscribe anyway\\)\\n$`, 'i'));
    expect(await urlsSubscribed()).not.toContain(url);

    run = await runCli('sub', 'add', url, '--force');
    expect(run.code).toBe(0);
    expect(run.err).toContain('subscribing anyway');
    expect(run.out).toMatch(/^subscribed 127-0-0-1-[0-9a-f]{8} to /);
    expect(await urlsSubscribed()).toContain(url);
  });

  it('stores the URL with its dot segments resolved, percent-encoded ones included, and fetches that', async () => {
    rig.server.feed('/partners/dotted.xml', await readFixture('basic.rss.xml'));
    expect((await runCli('sub', 'add', rig.server.urlOf('/partners/drafts/../dotted.xml'), '--id', 'dotted-wire')).code).toBe(0);
    expect((await runCli('sub', 'add', rig.server.urlOf('/partners/drafts/%2e%2E/./dotted.xml'), '--id', 'encoded-dots-wire')).code).toBe(0);
    const registry = new SubscriptionRegistry(clients.documents, tableName);
    expect((await registry.get('dotted-wire'))?.url).toBe(rig.server.urlOf('/partners/dotted.xml'));
    expect((await registry.get('encoded-dots-wire'))?.url).toBe(rig.server.urlOf('/partners/dotted.xml'));
    expect(rig.server.requestsTo('/partners/dotted.xml')).toHaveLength(2);
  });
});

async function urlsSubscribed(): Promise<string[]> {
  return (await new SubscriptionRegistry(clients.documents, tableName).listByPublication('default')).map((subscription) => subscription.url);
}
