import type { EventLog } from '../../log/event-log.ts';
import type { Clock } from '../../time/time-sources.ts';
import { maskAddress, type AddressProtection } from '../address-protection.ts';
import type { SuppressionList } from '../suppression-list.ts';
import { SesNotificationSchema, suppressionRequestOf } from './ses-notification.ts';

/** Turns SES's bounce and complaint notifications into suppression-list entries. */
export class SesEventRecorder {
  constructor(
    private readonly suppressions: SuppressionList,
    private readonly protection: AddressProtection,
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  /** One SNS message body; returns how many addresses it suppressed. Unknown shapes are logged and dropped (a retry would not fix them). */
  async record(message: string): Promise<number> {
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      this.log.warn('SES notification is not JSON; dropped');
      return 0;
    }
    const parsed = SesNotificationSchema.safeParse(json);
    if (!parsed.success) {
      this.log.warn('not an SES notification; dropped');
      return 0;
    }
    const request = suppressionRequestOf(parsed.data);
    if (!request) {
      this.log.info('SES notification needs no suppression', { type: parsed.data.type });
      return 0;
    }
    const at = this.clock().toISOString();
    for (const address of request.addresses) {
      await this.suppressions.add({ lookupKey: this.protection.lookupKey(address), reason: request.reason, at });
      this.log.info('address suppressed', { reason: request.reason, address: maskAddress(address) });
    }
    return request.addresses.length;
  }
}
