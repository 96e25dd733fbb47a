import type { SiteConfig } from '../../config/site-config.ts';
import type { PublicationId } from '../../publication/publication-keys.ts';
import type { PublishPipeline } from '../publish-pipeline.ts';
import type { PublicationSite, PublicationSites } from './publication-sites.ts';

/** A publication's pipeline, or why its records cannot be published yet. */
export type PublicationPipeline<P = PublishPipeline> =
  | { kind: 'ready'; publicationId: PublicationId; pipeline: P }
  | Extract<PublicationSite, { kind: 'unavailable' }>;

export interface PublicationPipelinesOptions<P> {
  sites: PublicationSites;
  /** Wires one publication's pipeline: its stores, its bucket folder, its site. */
  create: (publicationId: PublicationId, site: SiteConfig) => P;
}

/**
 * One publish pipeline per publication, kept while its site is unchanged: the pipeline holds what
 * outlives a batch (catalog entries and subscribe pages still to write, WebSub pings in flight),
 * and a settings change gives the publication a new pipeline with the new title, hubs and sizes.
 */
export class PublicationPipelines<P = PublishPipeline> {
  private readonly pipelines = new Map<PublicationId, { siteJson: string; pipeline: P }>();

  constructor(private readonly options: PublicationPipelinesOptions<P>) {}

  async pipelineOf(publicationId: PublicationId): Promise<PublicationPipeline<P>> {
    const site = await this.options.sites.siteOf(publicationId);
    if (site.kind === 'unavailable') return site;
    const siteJson = JSON.stringify(site.site);
    const kept = this.pipelines.get(publicationId);
    if (kept?.siteJson === siteJson) return { kind: 'ready', publicationId, pipeline: kept.pipeline };
    const pipeline = this.options.create(publicationId, site.site);
    this.pipelines.set(publicationId, { siteJson, pipeline });
    return { kind: 'ready', publicationId, pipeline };
  }
}
