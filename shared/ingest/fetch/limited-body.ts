import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { BodyTooLargeError, DecompressionError } from './fetch-errors.ts';

/**
 * Reads a response body into memory, never more than `maxBytes` on the wire nor after
 * decompression (a few KB of gzip can inflate to gigabytes). Past the limit the stream is
 * destroyed, which closes the connection: the rest is never received, let alone buffered.
 */
export async function readLimitedBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const decoder = decompressorFor(contentEncoding, url);
  const chunks: Buffer[] = [];
  const stages: (Readable | Transform | Writable)[] = [body, byteLimit(maxBytes, url, 'received')];
  if (decoder) stages.push(decoder);
  stages.push(collector(chunks, maxBytes, url, decoder ? 'decompressed' : 'received'));
  try {
    await pipeline(stages, { signal });
  } catch (error) {
    if (error instanceof BodyTooLargeError || signal.aborted) throw error;
    if (decoder && isZlibError(error)) throw new DecompressionError(url, `invalid ${contentEncoding} data`, error);
    throw error;
  }
  return Buffer.concat(chunks);
}

/** RFC 9110 section 8.4: gzip (and x-gzip), deflate and br are what we advertise. */
function decompressorFor(contentEncoding: string | undefined, url: string): Transform | undefined {
  const coding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return undefined;
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'br') return createBrotliDecompress();
  if (coding === 'deflate') return new DeflateDecoder();
  throw new DecompressionError(url, `unsupported Content-Encoding "${contentEncoding}"`);
}

/**
 * "deflate" is meant to be zlib-wrapped (RFC 9110 section 8.4.1.2), but some servers send raw
 * deflate; the two-byte zlib header (RFC 1950 section 2.2) tells them apart.
 */
class DeflateDecoder extends Transform {
  private inner: Transform | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      const inner = hasZlibHeader(chunk) ? createInflate() : createInflateRaw();
      inner.on('data', (data: Buffer) => this.push(data));
      inner.on('error', (error) => this.destroy(error));
      this.inner = inner;
    }
    this.inner.write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) return callback();
    this.inner.once('end', () => callback());
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}

function hasZlibHeader(chunk: Buffer): boolean {
  const cmf = chunk[0];
  const flg = chunk[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}

function byteLimit(maxBytes: number, url: string, what: 'received'): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) return callback(new BodyTooLargeError(url, maxBytes, what));
      callback(null, chunk);
    },
  });
}

function collector(chunks: Buffer[], maxBytes: number, url: string, what: 'received' | 'decompressed'): Writable {
  let total = 0;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) return callback(new BodyTooLargeError(url, maxBytes, what));
      chunks.push(chunk);
      callback();
    },
  });
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}
