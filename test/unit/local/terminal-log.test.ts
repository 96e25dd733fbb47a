import { describe, expect, it } from 'vitest';
import { shortLine } from '../../../local/terminal-log.ts';

const at = '2026-11-30T08:15:42.123Z';

describe('the short view npm start prints', () => {
  it('says which feeds a batch published, and for how many changes', () => {
    const line = JSON.stringify({ level: 'INFO', message: 'stream batch done', timestamp: at, recordCount: 1, feedsPublished: ['all', 'topics/kazakhstan'], failedFeeds: [] });
    expect(shortLine(line)).toBe('08:15:42  published 2 feeds all, topics/kazakhstan for 1 change');
  });

  it('shortens a long list of feeds and names failed ones', () => {
    const feeds = ['all', 'topics/a', 'topics/b', 'topics/c', 'topics/d'];
    const line = JSON.stringify({ level: 'INFO', message: 'stream batch done', timestamp: at, recordCount: 7, feedsPublished: feeds, failedFeeds: ['topics/e'] });
    expect(shortLine(line)).toBe('08:15:42  published 5 feeds (all, topics/a, topics/b, topics/c, …) for 7 changes; FAILED feed topics/e (kept the last good files, will retry)');
  });

  it('hides a batch that changed no feed', () => {
    const line = JSON.stringify({ level: 'INFO', message: 'stream batch done', timestamp: at, recordCount: 3, feedsPublished: [], failedFeeds: [] });
    expect(shortLine(line)).toBeUndefined();
  });

  it('counts a poll run', () => {
    const line = JSON.stringify({ level: 'INFO', message: 'poll run done', timestamp: at, polled: 3, changed: 1, unchanged: 1, notModified: 1, failed: 0, itemsCreated: 4, itemsUpdated: 0 });
    expect(shortLine(line)).toBe('08:15:42  polled 3 partner feed(s): 1 changed, 2 unchanged; 4 new item(s), 0 updated');
  });

  it('shows warnings and errors with the ids they carry, and hides other info lines', () => {
    const error = JSON.stringify({ level: 'ERROR', message: 'feed regeneration failed', timestamp: at, feedId: 'all' });
    expect(shortLine(error)).toBe('08:15:42  ERROR: feed regeneration failed (feedId=all)');
    const warning = JSON.stringify({ level: 'warn', message: 'subscription failed', time: at, subscriptionId: 'steppe-wire' });
    expect(shortLine(warning)).toBe('08:15:42  warning: subscription failed (subscriptionId=steppe-wire)');
    expect(shortLine(JSON.stringify({ level: 'INFO', message: 'feed published', timestamp: at }))).toBeUndefined();
  });

  it('passes lines that are not JSON log entries through unchanged', () => {
    expect(shortLine('(node:1) Warning: something')).toBe('(node:1) Warning: something');
    expect(shortLine('{ not json')).toBe('{ not json');
    expect(shortLine('   ')).toBeUndefined();
  });
});
