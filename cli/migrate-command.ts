import { InvalidMigrationCursorError, SubscriptionPublicationMigration } from '../shared/store/subscription-publication-migration.ts';
import { InputError } from './cli-errors.ts';
import type { CommandContext, CommandInput } from './command-table.ts';

/**
 * `migrate [--cursor <token>]`: the upgrade to publications. Prints a cursor after each page, so
 * an interrupted run resumes where it stopped; running it again changes nothing.
 */
export async function runMigrate({ values }: CommandInput, context: CommandContext): Promise<void> {
  const cursor = typeof values.cursor === 'string' ? values.cursor : undefined;
  const target = await context.target();
  context.out.line(`migrating subscriptions to publications on ${target.description}${cursor ? ' from the cursor given' : ''}`);
  const totals = { scanned: 0, subscriptions: 0, updated: 0, alreadyMigrated: 0, skipped: 0 };
  try {
    for await (const page of new SubscriptionPublicationMigration(target.clients.documents, target.tableName).run(cursor)) {
      for (const count of Object.keys(totals) as (keyof typeof totals)[]) totals[count] += page[count];
      if (page.cursor) context.err.line(`cursor ${page.cursor}  (${totals.scanned} items scanned; resume with --cursor after an interruption)`);
    }
  } catch (error) {
    if (error instanceof InvalidMigrationCursorError) throw new InputError(error.message);
    throw error;
  }
  context.out.line(
    `scanned ${totals.scanned} item(s): ${totals.subscriptions} subscription(s), ${totals.updated} migrated, ` +
      `${totals.alreadyMigrated} already migrated, ${totals.skipped} removed or changed meanwhile`,
  );
}
