import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hubSignatureOf, verifyHubSignature } from '../../../shared/ingest/websub/hub-signature.ts';

const SECRET = 'a-subscription-secret-of-some-length';
const BODY = Buffer.from('<rss version="2.0"><channel><title>Ü</title></channel></rss>', 'utf8');

describe('verifyHubSignature (WebSub section 8)', () => {
  it.each(['sha1', 'sha256', 'sha384', 'sha512'])('accepts a %s HMAC of the raw body', (method) => {
    const header = `${method}=${createHmac(method, SECRET).update(BODY).digest('hex')}`;
    expect(verifyHubSignature(BODY, header, SECRET)).toEqual({ valid: true, method });
  });

  it('accepts upper-case hex and method names', () => {
    const header = hubSignatureOf(BODY, SECRET).toUpperCase();
    expect(verifyHubSignature(BODY, header, SECRET)).toEqual({ valid: true, method: 'sha256' });
  });

  it.each([
    ['no header', undefined, 'no X-Hub-Signature header'],
    ['an empty header', '', 'no X-Hub-Signature header'],
    ['a header without a method', createHmac('sha256', SECRET).update(BODY).digest('hex'), 'is not <method>=<hex>'],
    ['an unsupported method', `md5=${createHmac('md5', SECRET).update(BODY).digest('hex')}`, 'unsupported signature method md5'],
    ['another secret', hubSignatureOf(BODY, 'another-secret'), 'sha256 signature does not match'],
    ['a truncated digest', hubSignatureOf(BODY, SECRET).slice(0, -2), 'sha256 signature does not match'],
    ['a digest of another method', `sha1=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`, 'sha1 signature does not match'],
  ])('refuses %s', (_case, header, reason) => {
    const check = verifyHubSignature(BODY, header, SECRET);
    expect(check.valid).toBe(false);
    expect(check.valid ? '' : check.reason).toContain(reason);
  });

  it('refuses a signature of a body changed by one byte', () => {
    const header = hubSignatureOf(BODY, SECRET, 'sha512');
    const tampered = Buffer.from(BODY);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    expect(verifyHubSignature(tampered, header, SECRET).valid).toBe(false);
  });
});
