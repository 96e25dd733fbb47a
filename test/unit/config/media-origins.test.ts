import { describe, expect, it } from 'vitest';
import { LocalMediaOriginListSchema, MediaOriginListSchema } from '../../../shared/config/media-origins.ts';

function problemOf(result: { success: boolean; error?: { issues: { message: string }[] } }): string | undefined {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

describe('media origin lists', () => {
  it('keeps each entry as its serialised origin: lower case, no default port, no trailing slash', () => {
    expect(MediaOriginListSchema.parse(' https://Media.Example.org/ ,https://audio.example.net:443,https://cdn.example.net:8443')).toEqual([
      'https://media.example.org',
      'https://audio.example.net',
      'https://cdn.example.net:8443',
    ]);
    expect(MediaOriginListSchema.parse('')).toEqual([]);
  });

  it.each(['http://media.example.org', 'https://media.example.org/audio', 'https://media.example.org?x=1', 'https://*.example.org', 'https://user@media.example.org', "'self'", 'media.example.org'])(
    'refuses %s for a deployment, quoting it',
    (entry) => {
      expect(problemOf(MediaOriginListSchema.safeParse(entry))).toBe(`${JSON.stringify(entry)} must be an https origin such as https://media.example.org (scheme and host, optionally a port; no path, query or wildcard)`);
    },
  );

  it('lets npm start name a media server on the loopback address over http, and nothing else over http', () => {
    expect(LocalMediaOriginListSchema.parse('http://127.0.0.1:9000,http://localhost:9001,https://media.example.org')).toEqual(['http://127.0.0.1:9000', 'http://localhost:9001', 'https://media.example.org']);
    expect(problemOf(LocalMediaOriginListSchema.safeParse('http://192.168.1.5:9000'))).toMatch(/or an http one on the loopback address/);
  });
});
