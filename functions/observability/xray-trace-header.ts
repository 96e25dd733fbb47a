/** The parts of an `X-Amzn-Trace-Id` header a subsegment needs. */
export interface TraceHeader {
  root: string;
  /** The segment Lambda opened for this invocation: our subsegments' parent. */
  parent: string;
  sampled: boolean;
}

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/**
 * `Root=1-…;Parent=…;Sampled=1` as Lambda hands it to each invocation (the `_X_AMZN_TRACE_ID`
 * variable, or the runtime's InvokeStore where it has one). Undefined when absent or malformed:
 * then nothing is traced, as the X-Ray SDK does.
 */
export function parseTraceHeader(header: string | undefined): TraceHeader | undefined {
  if (!header) return undefined;
  const fields = new Map(header.split(';').map((field) => field.trim().split('=', 2) as [string, string | undefined]));
  const root = fields.get('Root');
  const parent = fields.get('Parent');
  if (!root || !ROOT.test(root) || !parent || !SEGMENT_ID.test(parent)) return undefined;
  return { root, parent, sampled: fields.get('Sampled') === '1' };
}

/** The header an outgoing AWS call carries, naming its own subsegment as the parent. */
export function formatTraceHeader(trace: TraceHeader, parent: string): string {
  return `Root=${trace.root};Parent=${parent};Sampled=${trace.sampled ? '1' : '0'}`;
}

/** The invocation's trace header, read when the invocation starts. */
export function currentTraceHeader(): string | undefined {
  const invokeStore = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } } }).awslambda?.InvokeStore;
  return invokeStore?.getXRayTraceId() ?? process.env._X_AMZN_TRACE_ID;
}
