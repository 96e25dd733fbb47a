import type { PodcastShowInput } from '../../shared/podcast/podcast-show.ts';

/** A valid show of the default publication; every call returns a fresh object. */
export function podcastShowInput(overrides: Partial<PodcastShowInput> = {}): PodcastShowInput {
  return {
    id: 'steppe-hour',
    title: 'The Steppe Hour',
    description: 'A weekly hour of reporting on rights and freedoms across Central Asia.',
    artwork: { url: 'https://humanrights.example.org/art/steppe-hour-3000.jpg', width: 3000, height: 3000 },
    category: { name: 'News', subcategory: 'Politics' },
    explicit: false,
    owner: { name: 'Audio desk', email: 'audio@humanrights.example.org' },
    author: 'Steppe Rights Monitor',
    type: 'episodic',
    language: 'en',
    ...overrides,
  };
}

/** The attachment and episode fields that make a post an episode of `steppe-hour`. */
export function episodeFields(number: number, audioUrl = `https://media.humanrights.example.org/steppe-hour/${number}.mp3`): Record<string, unknown> {
  return {
    attachments: [{ url: audioUrl, type: 'audio/mpeg', length: 1_000_000 + number, durationSeconds: 600 + number }],
    episode: { show: 'steppe-hour', number },
  };
}
