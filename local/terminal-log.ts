import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What `npm start` shows a person: one short line per published batch, per poll run with its
 * counts, and per warning or error. Every line the pipeline writes (the handlers' Powertools JSON,
 * the local runtime's JSON) also goes, unchanged, to a log file; `--verbose` prints those too.
 */
export interface TerminalLogOptions {
  logFile: string;
  verbose: boolean;
  /** Where the short lines go; the terminal's own stdout by default. */
  print?: (line: string) => void;
}

export interface TerminalLog {
  /** Writes to the terminal directly, bypassing the log file (the welcome banner). */
  show(text: string): void;
  close(): Promise<void>;
}

type Write = typeof process.stdout.write;

/** Routes this process's stdout and stderr through the log file and the short-line view. */
export function installTerminalLog(options: TerminalLogOptions): TerminalLog {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const file = createWriteStream(options.logFile, { flags: 'a' });
  const originalStdout = process.stdout.write.bind(process.stdout) as Write;
  const originalStderr = process.stderr.write.bind(process.stderr) as Write;
  const print = options.print ?? ((line: string) => void originalStdout(`${line}\n`));
  const splitters = [new LineSplitter(), new LineSplitter()];
  const handleLine = (line: string) => {
    file.write(`${line}\n`);
    const short = options.verbose ? line : shortLine(line);
    if (short !== undefined) print(short);
  };
  process.stdout.write = interceptor(splitters[0]!, handleLine);
  process.stderr.write = interceptor(splitters[1]!, handleLine);
  return {
    show: (text) => void originalStdout(text),
    close: async () => {
      process.stdout.write = originalStdout;
      process.stderr.write = originalStderr;
      await new Promise<void>((resolve) => file.end(resolve));
    },
  };
}

function interceptor(splitter: LineSplitter, onLine: (line: string) => void): Write {
  return ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    splitter.push(text).forEach(onLine);
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as Write;
}

class LineSplitter {
  private pending = '';

  push(text: string): string[] {
    const parts = (this.pending + text).split('\n');
    this.pending = parts.pop() ?? '';
    return parts;
  }
}

/** The short form of one output line; `undefined` hides it (it stays in the log file). */
export function shortLine(line: string): string | undefined {
  const entry = parseEntry(line);
  if (entry === undefined) return line.trim() === '' ? undefined : line;
  const time = clockTime(entry);
  switch (entry.message) {
    case 'stream batch done':
      return publishedLine(time, entry);
    case 'poll run done':
      return pollRunLine(time, entry);
    default:
      return problemLine(time, entry);
  }
}

type Entry = Record<string, unknown> & { message: string };

function parseEntry(line: string): Entry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    const isEntry = typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
    return isEntry ? (value as Entry) : undefined;
  } catch {
    // Not a JSON log line: shown as it is.
    return undefined;
  }
}

function clockTime(entry: Entry): string {
  const stamp = typeof entry.timestamp === 'string' ? entry.timestamp : typeof entry.time === 'string' ? entry.time : undefined;
  const date = stamp === undefined ? new Date() : new Date(stamp);
  return date.toISOString().slice(11, 19);
}

function publishedLine(time: string, entry: Entry): string | undefined {
  const feeds = stringList(entry.feedsPublished);
  const failed = stringList(entry.failedFeeds);
  const records = typeof entry.recordCount === 'number' ? entry.recordCount : 0;
  if (feeds.length === 0 && failed.length === 0) return undefined;
  const posts = `${records} change${records === 1 ? '' : 's'}`;
  const written = feeds.length > 0 ? `published ${listed(feeds)}` : 'published nothing';
  const failures = failed.length > 0 ? `; FAILED ${listed(failed)} (kept the last good files, will retry)` : '';
  return `${time}  ${written} for ${posts}${failures}`;
}

function pollRunLine(time: string, entry: Entry): string | undefined {
  const count = (key: string) => (typeof entry[key] === 'number' ? (entry[key] as number) : 0);
  if (count('polled') === 0) return undefined;
  const parts = [`${count('changed')} changed`, `${count('unchanged') + count('notModified')} unchanged`];
  if (count('failed') > 0) parts.push(`${count('failed')} FAILED`);
  return `${time}  polled ${count('polled')} partner feed(s): ${parts.join(', ')}; ${count('itemsCreated')} new item(s), ${count('itemsUpdated')} updated`;
}

function problemLine(time: string, entry: Entry): string | undefined {
  const level = typeof entry.level === 'string' ? entry.level.toLowerCase() : 'info';
  if (level !== 'warn' && level !== 'error') return undefined;
  const ids = ['publicationId', 'feedId', 'subscriptionId', 'postId', 'shardId'].flatMap((key) => (typeof entry[key] === 'string' ? [`${key}=${entry[key] as string}`] : []));
  const context = ids.length > 0 ? ` (${ids.join(', ')})` : '';
  return `${time}  ${level === 'error' ? 'ERROR' : 'warning'}: ${entry.message}${context}`;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function listed(feeds: string[]): string {
  const shown = feeds.slice(0, 4).join(', ');
  return feeds.length > 4 ? `${feeds.length} feeds (${shown}, …)` : `${feeds.length === 1 ? 'feed' : `${feeds.length} feeds`} ${shown}`;
}
