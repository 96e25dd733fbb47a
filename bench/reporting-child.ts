import { fork, type ChildProcess } from 'node:child_process';

/**
 * A bench process run beside the bench (a poll worker, a newsletter sender): it gets its settings
 * as JSON in one environment variable, says it is ready with a first message, and answers `stop`
 * with its report.
 */
export interface ReportingChildScript<Report> {
  /** Its path, run through tsx. */
  script: string;
  /** The environment variable it reads its settings from. */
  settingsVariable: string;
  /** How errors name it, e.g. `poll worker`. */
  label: string;
  parseReport(message: unknown): Report;
}

export function startReportingChild(child: ReportingChildScript<unknown>, settings: unknown): Promise<ChildProcess> {
  const forked = fork(child.script, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, [child.settingsVariable]: JSON.stringify(settings) } });
  return new Promise((resolve, reject) => {
    forked.once('message', () => resolve(forked));
    forked.once('exit', (code) => reject(new Error(`${child.label} exited with ${code} before it was ready`)));
  });
}

export function stopReportingChild<Report>(child: ReportingChildScript<Report>, running: ChildProcess): Promise<Report> {
  return new Promise((resolve, reject) => {
    running.removeAllListeners('exit');
    running.once('message', (report) => resolve(child.parseReport(report)));
    running.once('exit', (code) => reject(new Error(`${child.label} exited with ${code} before it reported`)));
    running.send('stop');
  });
}
