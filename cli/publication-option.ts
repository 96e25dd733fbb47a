import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../shared/publication/publication-keys.ts';
import { PublicationIdSchema } from '../shared/publication/publication-settings.ts';
import { PublicationStore } from '../shared/store/publication-store.ts';
import { InputError } from './cli-errors.ts';
import type { CliTarget } from './cli-target.ts';
import type { CommandInput } from './command-table.ts';

/** `--publication <id>`, checked before connecting; the default publication when not given. */
export function publicationOption(values: CommandInput['values']): PublicationId {
  const value = values.publication;
  if (typeof value !== 'string') return DEFAULT_PUBLICATION_ID;
  const parsed = PublicationIdSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`--publication ${value}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** One clean line for a publication nobody added, before anything is read or written in it. */
export async function refuseUnknownPublication(target: CliTarget, publicationId: PublicationId): Promise<void> {
  if (await new PublicationStore(target.clients.documents, target.tableName).exists(publicationId)) return;
  throw new InputError(`no publication ${publicationId} (see feedline pub list; add one with feedline pub add)`);
}

/** The `--publication` of a command that works in one publication, known to the target. */
export async function knownPublication(values: CommandInput['values'], target: CliTarget): Promise<PublicationId> {
  const publicationId = publicationOption(values);
  await refuseUnknownPublication(target, publicationId);
  return publicationId;
}
