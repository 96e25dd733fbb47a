import type { Post, Topic } from '../shared/post/post-schema.ts';
import { validatePost } from '../shared/post/post-validation.ts';
import { isDefaultPublication, type PublicationId } from '../shared/publication/publication-keys.ts';

/**
 * Synthetic posts for the bench: valid by the real schema (each goes through `validatePost`), about
 * 1 KB of HTML with characters that need escaping, one topic each so topic feeds get an even share.
 */

const PARAGRAPH = '<p>Court in Almaty & Bishkek: "adjourned" again; <em>observers</em> < 10. Қазақстан, Россия.</p>\n';
const BODY = PARAGRAPH.repeat(10);

export interface BenchPostSpec {
  id: string;
  publishedAt: Date;
  topic: Topic;
  title?: string;
  /** The publication the post belongs to; the default one when omitted. */
  publication?: PublicationId;
}

/** `count` topics, `topic-01`…, so slugs sort in creation order. */
export function benchTopics(count: number): Topic[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(2, '0');
    return { slug: `topic-${number}`, label: `Topic ${number}` };
  });
}

/** Round-robin, so every topic feed holds the same share of the posts. */
export function topicOf(index: number, topics: readonly Topic[]): Topic {
  const topic = topics[index % topics.length];
  if (!topic) throw new RangeError('no topics to choose from');
  return topic;
}

export function benchPost(spec: BenchPostSpec): Post {
  const publishedAt = spec.publishedAt.toISOString();
  return validatePost({
    id: spec.id,
    title: spec.title ?? `Bench post ${spec.id}: hearing & appeal`,
    summary: `Synthetic post ${spec.id}, filed under ${spec.topic.label}.`,
    contentHtml: BODY,
    url: `https://humanrights.example.org/bench/${spec.id}`,
    authors: [{ name: 'Bench Reporter', email: 'bench@humanrights.example.org' }],
    topics: [spec.topic],
    publishedAt,
    updatedAt: publishedAt,
    language: 'en',
    status: 'published',
    // Absent for the default publication, as `post put` leaves it.
    ...(spec.publication === undefined || isDefaultPublication(spec.publication) ? {} : { publication: spec.publication }),
  });
}
