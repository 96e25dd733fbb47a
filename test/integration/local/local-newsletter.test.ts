import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailInSesEmulator } from '../../../local/emulators/ses-emulator.ts';
import type { LogEntry } from '../../../local/emulators/json-line-log.ts';
import { newsletterSecretPathFor } from '../../../local/local-pipeline-contract.ts';
import { startLocalPipeline, type LocalPipeline } from '../../../local/local-pipeline.ts';
import { NewsletterStore } from '../../../shared/newsletter/newsletter-store.ts';
import { LOCAL_TABLE } from '../../../local/local-site.ts';

let pipeline: LocalPipeline;
let directory: string;
const log: LogEntry[] = [];

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'feedline-local-newsletter-'));
  pipeline = await startLocalPipeline({ port: 0, seedSamplePosts: false, newsletter: true, statePath: path.join(directory, 'local.json'), log: (entry) => log.push(entry) });
});

afterAll(async () => {
  await pipeline?.stop();
  await rm(directory, { recursive: true, force: true });
});

describe('npm start runs the newsletter', () => {
  it('serves the form on the feed server, mails the confirmation to the SES emulator, and confirms', async () => {
    const { newsletterBaseUrl, sesEndpoint, feedServerUrl } = pipeline.state;
    expect(newsletterBaseUrl).toBe(`${feedServerUrl}newsletter/`);
    const form = await fetch(`${newsletterBaseUrl}subscribe?newsletter=default/morning-brief`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Subscribe to Morning Brief');

    const reader = 'saule@readers.example.net';
    const answer = await fetch(`${newsletterBaseUrl}subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ newsletter: 'default/morning-brief', email: reader, website: '' }) });
    expect(answer.status).toBe(200);
    const [confirmation] = (await mailInSesEmulator(sesEndpoint ?? '')).filter((mail) => mail.destination.to.includes(reader));
    const link = /http:\/\/127\.0\.0\.1:\d+\/newsletter\/confirm\?token=[A-Za-z0-9_.-]+/.exec(confirmation?.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect((await fetch(link ?? '', { method: 'POST' })).status).toBe(200);

    // The sent-mail page the welcome text points at.
    expect((await fetch(`${sesEndpoint}/`)).status).toBe(200);
    // The key is kept beside the state file, where the CLI finds it.
    expect((await readFile(newsletterSecretPathFor(path.join(directory, 'local.json')), 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(await new NewsletterStore(pipeline.clients.documents, LOCAL_TABLE).get({ publication: 'default', id: 'morning-brief' })).toBeDefined();
    await pipeline.planNewsletters?.();
    expect(log.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
