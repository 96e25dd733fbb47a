import { describe, expect, it } from 'vitest';
import { RememberedVersions } from '../../../shared/publish/write/remembered-versions.ts';

describe('RememberedVersions', () => {
  it('recalls what it was told and forgets on request', () => {
    const versions = new RememberedVersions();
    versions.remember('feeds/all/rss.xml', { etag: '"a"', sha256: 'aa' });
    expect(versions.recall('feeds/all/rss.xml')).toEqual({ etag: '"a"', sha256: 'aa' });
    versions.forget('feeds/all/rss.xml');
    expect(versions.recall('feeds/all/rss.xml')).toBeUndefined();
  });

  it('drops the least recently used key when full, keeping one just recalled', () => {
    const versions = new RememberedVersions(2);
    versions.remember('first', { etag: '"1"' });
    versions.remember('second', { etag: '"2"' });
    versions.recall('first');
    versions.remember('third', { etag: '"3"' });
    expect(versions.recall('second')).toBeUndefined();
    expect(versions.recall('first')).toEqual({ etag: '"1"' });
    expect(versions.recall('third')).toEqual({ etag: '"3"' });
  });
});
