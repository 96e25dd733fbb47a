import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

/** A subsegment document as the X-Ray daemon takes it (X-Ray segment documents, "Subsegments"). */
export interface SubsegmentDocument {
  id: string;
  name: string;
  trace_id: string;
  parent_id: string;
  type: 'subsegment';
  start_time: number;
  end_time: number;
  namespace?: 'aws' | 'remote';
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, unknown>;
  http?: { request?: { method?: string; url?: string }; response?: { status?: number; content_length?: number } };
  error?: true;
  throttle?: true;
  fault?: true;
  cause?: { working_directory: string; exceptions: { id: string; message: string; type: string; remote?: boolean }[] };
}

/** Sends finished subsegments to the daemon; the port is where tests listen instead. */
export interface SegmentSink {
  send(document: SubsegmentDocument): void;
}

const HEADER = '{"format":"json","version":1}\n';
const DEFAULT_DAEMON = { host: '127.0.0.1', port: 2000 };

/** `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or `tcp:host:port udp:host:port` (the UDP one is used). */
export function daemonAddressOf(value: string | undefined): { host: string; port: number } {
  const udp = value?.split(/\s+/).find((part) => part.startsWith('udp:'))?.slice(4) ?? value;
  const match = /^(.+):(\d+)$/.exec(udp ?? '');
  return match?.[1] && match[2] ? { host: match[1], port: Number(match[2]) } : DEFAULT_DAEMON;
}

/**
 * The daemon Lambda runs beside every traced function: one UDP datagram per subsegment, as the
 * X-Ray SDK sends them. UDP never blocks the invocation; a lost datagram loses one subsegment.
 */
export class XRayDaemonSink implements SegmentSink {
  private socket: Socket | undefined;

  constructor(private readonly address: { host: string; port: number }) {}

  send(document: SubsegmentDocument): void {
    this.socket ??= createSocket('udp4').unref();
    this.socket.send(`${HEADER}${JSON.stringify(document)}`, this.address.port, this.address.host);
  }
}

/** A new segment id: 64 random bits as 16 hex digits. */
export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/** X-Ray times: seconds since the epoch, with fractions. */
export function epochSeconds(): number {
  return Date.now() / 1000;
}
