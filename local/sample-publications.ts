import { PublicationSettingsSchema, type PublicationSettings, type PublicationSettingsInput } from '../shared/publication/publication-settings.ts';
import { publicationObjectPrefix } from '../shared/publication/publication-keys.ts';

/** What `npm start` sets for each sample publication besides the default one, but where it is served. */
const SAMPLE_PUBLICATIONS: readonly Omit<PublicationSettingsInput, 'feedBaseUrl'>[] = [
  {
    id: 'ru',
    title: 'Степной монитор',
    description: 'Независимые репортажи о правах и свободах в Центральной Азии и России (пример контента)',
    siteUrl: 'https://humanrights.example.org/ru/',
    language: 'ru',
    tagAuthority: 'ru.humanrights.example.org,2026',
    copyright: '© 2026 Степной монитор. Пример контента.',
  },
  {
    id: 'fa',
    title: 'دیده‌بان استپ',
    description: 'گزارش‌های مستقل دربارهٔ حقوق و آزادی‌ها در آسیای مرکزی و ایران (محتوای نمونه)',
    siteUrl: 'https://humanrights.example.org/fa/',
    language: 'fa',
    tagAuthority: 'fa.humanrights.example.org,2026',
    copyright: '© ۲۰۲۶ دیده‌بان استپ. محتوای نمونه.',
  },
];

/**
 * The Russian and Persian sample publications, served under `pubs/<id>/` of the local feed
 * server as under the distribution, validated like settings `pub add` would store.
 */
export function samplePublications(distributionBaseUrl: string): PublicationSettings[] {
  return SAMPLE_PUBLICATIONS.map((settings) =>
    PublicationSettingsSchema.parse({ ...settings, feedBaseUrl: new URL(publicationObjectPrefix(settings.id), distributionBaseUrl).href }),
  );
}
