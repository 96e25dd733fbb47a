import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { spawnEmulatorProcess } from '../local/emulators/emulator-process.ts';
import type { JsonLog } from '../local/emulators/json-line-log.ts';

/** The package's own command line: the same server `startSesEmulator` runs in-process. */
const SES_LOCAL_CLI = createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js');
/** Linux reports process CPU time in clock ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;

export interface SesEmulatorUsage {
  /** Resident memory once it listened, before any message. */
  startRssMb: number;
  /** The kernel's high-water mark of its resident memory (VmHWM). */
  peakRssMb: number;
  cpuMs: number;
}

export interface SesEmulatorProcess {
  endpoint: string;
  /** Whether it still runs: it keeps every message in memory, so a large run may kill it. */
  running(): boolean;
  /** Read from /proc while it runs; once it is gone, the last reading is all there is. */
  usage(): SesEmulatorUsage;
  stop(): Promise<void>;
}

/**
 * aws-ses-v2-local in a process of its own on 127.0.0.1, so its memory and CPU can be told apart
 * from the senders': the tests and `npm start` run the same package inside their own process.
 */
export async function startSesEmulatorProcess(log: JsonLog): Promise<SesEmulatorProcess> {
  const emulator = await spawnEmulatorProcess({
    name: 'SES emulator',
    command: process.execPath,
    args: [SES_LOCAL_CLI, '--host', '127.0.0.1', '--port', '0'],
    cwd: os.tmpdir(),
    env: { ...process.env, NODE_OPTIONS: '' },
    readyLine: /server running at http:\/\/\S+:(\d+)$/,
    timeoutMs: 30_000,
    log,
  });
  const pid = emulator.child.pid ?? 0;
  const isRunning = () => emulator.child.exitCode === null && emulator.child.signalCode === null;
  let last: SesEmulatorUsage = { startRssMb: 0, peakRssMb: 0, cpuMs: 0 };
  const read = () => {
    const usage = usageOf(pid);
    if (usage) last = { startRssMb: last.startRssMb || usage.rssMb, peakRssMb: usage.peakRssMb, cpuMs: usage.cpuMs };
    return last;
  };
  read();
  return {
    endpoint: `http://127.0.0.1:${emulator.port}`,
    running: isRunning,
    usage: () => (isRunning() ? read() : last),
    // It does not watch stdin: the short grace ends in SIGKILL.
    stop: () => emulator.stop(500),
  };
}

function usageOf(pid: number): { rssMb: number; peakRssMb: number; cpuMs: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0);
    // Fields 14 and 15 of /proc/<pid>/stat (user and system ticks), counted after the command name's closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMb: kilobytes('VmRSS') / 1024, peakRssMb: kilobytes('VmHWM') / 1024, cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}
