import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryLedger } from '../../../shared/newsletter/delivery-ledger.ts';
import type { Mailer } from '../../../shared/newsletter/mail/mailer.ts';
import type { RecipientBatch } from '../../../shared/newsletter/send/recipient-batch.ts';
import { NewsletterRig } from '../../support/newsletter-rig.ts';
import { makePost } from '../../support/post-factory.ts';

const MORNING_BRIEF = { publication: 'default', id: 'morning-brief' };
const SLOT = '2026-11-30T02:00:00.000Z';

const dispatch = makePost({
  id: 'court-monitors-report',
  title: 'Court monitors publish their autumn report',
  summary: 'Forty-one hearings observed, nineteen of them closed to the public without a stated reason.',
  url: 'https://humanrights.example.org/2026/11/court-monitors-report',
  publishedAt: '2026-11-29T16:00:00Z',
  updatedAt: '2026-11-29T16:00:00Z',
});

/** A mailer that fails once, for one address, after the batch's claims were made. */
function failingOnceFor(address: () => string, error: Error): (ses: Mailer) => Mailer {
  let failed = false;
  return (ses) => ({
    send: async (mail) => {
      if (mail.to === address() && !failed) {
        failed = true;
        throw error;
      }
      return ses.send(mail);
    },
  });
}

describe('recipient batches: batched reads and ledger claims, against DynamoDB Local and the SES emulator', () => {
  let rig: NewsletterRig;
  let commands: string[];

  async function startRig(mailer?: (ses: Mailer) => Mailer): Promise<void> {
    rig = await new NewsletterRig(mailer ? { mailer } : {}).start();
    await rig.addNewsletter();
    commands = [];
    rig.clients.dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
  }

  /** Plans the issue of SLOT for whoever is confirmed now; the queued batches. */
  async function planIssue(): Promise<RecipientBatch[]> {
    await rig.publish(dispatch);
    rig.now = new Date('2026-11-30T02:05:00Z');
    await rig.services.planner.planDue();
    return rig.queued.splice(0);
  }

  async function ledgerStates(): Promise<Record<string, number>> {
    const result = await rig.clients.documents.query({ TableName: rig.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DELIVERY#default#morning-brief#${SLOT}` }, ConsistentRead: true });
    const states: Record<string, number> = {};
    for (const item of result.Items ?? []) states[String(item.state)] = (states[String(item.state)] ?? 0) + 1;
    return states;
  }

  async function digestsTo(addresses: readonly string[]): Promise<number[]> {
    return Promise.all(addresses.map(async (address) => (await rig.mailTo(address)).length));
  }

  afterEach(() => rig.close());

  describe('the ledger', () => {
    beforeEach(() => startRig());

    it('claims a retried batch only where nobody has: the transaction is cancelled, and its reasons name the claimed', async () => {
      const ledger = new DeliveryLedger(rig.clients.documents, rig.tableName);
      const keys = Array.from({ length: 150 }, (_, index) => `key-${String(index).padStart(3, '0')}`);
      const first = await ledger.claimAll(MORNING_BRIEF, SLOT, keys.slice(0, 60), rig.now);
      expect(first.map((claim) => claim.lookupKey)).toEqual(keys.slice(0, 60));
      commands.length = 0;
      const retried = await ledger.claimAll(MORNING_BRIEF, SLOT, keys, rig.now);
      expect(retried.map((claim) => claim.lookupKey)).toEqual(keys.slice(60));
      // 150 keys are two transactions; the first is cancelled once (60 claimed) and sent again with its other 40.
      expect(commands).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
      expect(await ledger.claimAll(MORNING_BRIEF, SLOT, keys, rig.now)).toEqual([]);
    });

    it('never gives two concurrent claimants the same recipient', async () => {
      const keys = Array.from({ length: 100 }, (_, index) => `key-${index}`);
      const claimants = Array.from({ length: 4 }, () => new DeliveryLedger(rig.clients.documents, rig.tableName));
      const claimed = (await Promise.all(claimants.map((ledger) => ledger.claimAll(MORNING_BRIEF, SLOT, keys, rig.now)))).flat().map((claim) => claim.lookupKey);
      expect(claimed.sort()).toEqual([...keys].sort());
    });
  });

  describe('the sender', () => {
    it('reads, claims and marks a batch of 50 in five DynamoDB calls, not three per recipient', async () => {
      await startRig();
      const readers = await rig.writeConfirmedReaders(50);
      const [batch, ...others] = await planIssue();
      expect(others).toEqual([]);
      commands.length = 0;
      expect(await rig.services.sender.sendBatch(batch!)).toEqual({ sent: 50, notSubscribed: 0, suppressed: 0, alreadySent: 0 });
      expect(commands.sort()).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
      expect(await ledgerStates()).toEqual({ sent: 50 });
      expect(new Set(await digestsTo(readers))).toEqual(new Set([1]));
    });

    it('sends each reader one digest when two senders take the same batch at once', async () => {
      await startRig();
      const readers = await rig.writeConfirmedReaders(30);
      const [batch] = await planIssue();
      const [one, two] = await Promise.all([rig.services.sender.sendBatch(batch!), rig.services.sender.sendBatch(batch!)]);
      expect(one!.sent + two!.sent).toBe(30);
      expect(one!.alreadySent + two!.alreadySent).toBe(30);
      expect(new Set(await digestsTo(readers))).toEqual(new Set([1]));
    });

    it('after a failed send mid-batch, keeps what went out, releases the rest, and the redelivery sends only those', async () => {
      let victim = '';
      await startRig(failingOnceFor(() => victim, new Error('socket hang up')));
      const readers = await rig.writeConfirmedReaders(20);
      victim = readers[7]!;
      const [batch] = await planIssue();
      await expect(rig.services.sender.sendBatch(batch!)).rejects.toThrow('socket hang up');
      const states = await ledgerStates();
      expect(states.claimed).toBeUndefined();
      const sentFirst = states.sent ?? 0;
      expect(await digestsTo([victim])).toEqual([0]);
      const [warning] = rig.log.withMessage('digest send failed; the batch will be retried');
      expect(warning?.attributes).toMatchObject({ sent: sentFirst, address: expect.stringContaining('***') });

      const redelivered = await rig.services.sender.sendBatch(batch!);
      expect(redelivered).toEqual({ sent: 20 - sentFirst, notSubscribed: 0, suppressed: 0, alreadySent: sentFirst });
      expect(await ledgerStates()).toEqual({ sent: 20 });
      expect(new Set(await digestsTo(readers))).toEqual(new Set([1]));
    });

    it('honours an unsubscribe and a suppression made after planning, read in the same batched calls', async () => {
      await startRig();
      const readers = await rig.writeConfirmedReaders(10);
      const [batch] = await planIssue();
      const lookupKey = (address: string) => rig.services.protection.lookupKey(address);
      await rig.services.subscribers.unsubscribe(MORNING_BRIEF, lookupKey(readers[2]!), rig.now);
      await rig.services.suppressions.add({ lookupKey: lookupKey(readers[5]!), reason: 'complaint', at: rig.now.toISOString() });
      expect(await rig.services.sender.sendBatch(batch!)).toEqual({ sent: 8, notSubscribed: 1, suppressed: 1, alreadySent: 0 });
      expect(await digestsTo(readers)).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 1, 1]);
    });
  });
});
