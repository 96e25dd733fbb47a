import { DEFAULT_PUBLICATION_ID, type PublicationId } from '../publication/publication-keys.ts';
import type { PublicationStore } from '../store/publication-store.ts';
import type { PublicationRecovery } from './recovery-pipeline.ts';

export interface NetworkRecoveryOptions {
  /** Wires one publication's recovery with its site. @throws PublicationUnavailableError */
  recoveryOf: (publicationId: PublicationId) => Promise<PublicationRecovery>;
  settings: Pick<PublicationStore, 'list'>;
}

/**
 * The recoveries of every publication of the network, each wired once per run (a replay of many
 * messages reads a publication's settings once); a publication that could not be wired is tried
 * again on its next message, in case ops fixed it meanwhile.
 */
export class NetworkRecovery {
  private readonly recoveries = new Map<PublicationId, PublicationRecovery>();

  constructor(private readonly options: NetworkRecoveryOptions) {}

  async recoveryOf(publicationId: PublicationId): Promise<PublicationRecovery> {
    const known = this.recoveries.get(publicationId);
    if (known) return known;
    const recovery = await this.options.recoveryOf(publicationId);
    this.recoveries.set(publicationId, recovery);
    return recovery;
  }

  /** The default publication and every stored one, broken settings included (their rebuild then fails loudly). */
  async publicationIds(): Promise<PublicationId[]> {
    const stored = await this.options.settings.list();
    return [DEFAULT_PUBLICATION_ID, ...stored.map((publication) => (publication.ok ? publication.settings.id : publication.publicationId))];
  }
}
