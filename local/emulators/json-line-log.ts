/**
 * One JSON object per line on stderr: the local runtime's log format, so `npm start` output can be
 * piped through `jq` and matches the shape of the Lambda logs. Every local module takes a `log`
 * option of this type; callers may pass their own (tests collect entries instead of printing).
 */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  [field: string]: unknown;
}

export type JsonLog = (entry: LogEntry) => void;

export const writeJsonLine: JsonLog = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry }, errorReplacer)}\n`);
};

/** Errors have no enumerable fields; without this they serialise as `{}`. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
