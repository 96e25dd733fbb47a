import { describe, expect, it } from 'vitest';
import { parsePost, validatePost } from '../../../shared/post/post-validation.ts';
import { POST_LIMITS } from '../../../shared/post/post-schema.ts';
import { postInput } from '../../support/post-factory.ts';

const AUDIO = { url: 'https://media.example.org/radio/2026-11-20.mp3', type: 'audio/mpeg', length: 4_812_000, durationSeconds: 1_203, title: 'Full programme' };

function problemsOf(input: Record<string, unknown>) {
  const result = parsePost(input);
  if (result.ok) throw new Error('expected the post to be rejected');
  return result.error.problems;
}

describe('post attachments, transcript, chapters and episode', () => {
  it('keeps every attachment field, the transcript, chapters and the episode', () => {
    const post = validatePost(
      postInput({
        attachments: [AUDIO, { url: 'https://media.example.org/video/interview.mp4', type: 'video/mp4' }],
        transcript: { url: 'https://media.example.org/radio/2026-11-20.vtt', type: 'text/vtt' },
        chapters: { url: 'https://media.example.org/radio/2026-11-20.chapters.json' },
        episode: { show: 'steppe-hour', number: 12, season: 2, type: 'full' },
      }),
    );
    expect(post.attachments).toEqual([AUDIO, { url: 'https://media.example.org/video/interview.mp4', type: 'video/mp4' }]);
    expect(post.transcript).toEqual({ url: 'https://media.example.org/radio/2026-11-20.vtt', type: 'text/vtt' });
    expect(post.chapters).toEqual({ url: 'https://media.example.org/radio/2026-11-20.chapters.json' });
    expect(post.episode).toEqual({ show: 'steppe-hour', number: 12, season: 2, type: 'full' });
  });

  it('spells media types as registered, reads a zero length as unknown, and leaves absent fields out', () => {
    const post = validatePost(postInput({ attachments: [{ url: 'https://e.org/a.MP3', type: 'Audio/MP3', length: 0 }] }));
    expect(post.attachments).toEqual([{ url: 'https://e.org/a.MP3', type: 'audio/mpeg' }]);
    expect(validatePost(postInput())).not.toHaveProperty('attachments');
  });

  it.each([
    { url: 'https://e.org/a.m4a', type: 'audio/x-m4a' },
    { url: 'https://e.org/a.m4a', type: 'audio/mp4' },
    { url: 'https://e.org/a.opus', type: 'audio/opus' },
    { url: 'https://e.org/a.ogg', type: 'audio/ogg' },
    { url: 'https://e.org/stream?id=7', type: 'audio/mpeg' },
  ])('accepts $type for $url', (attachment) => {
    expect(validatePost(postInput({ attachments: [attachment] })).attachments).toEqual([attachment]);
  });

  const rejected: { name: string; input: Record<string, unknown>; field: string; reason: RegExp }[] = [
    { name: 'a type that contradicts the extension', input: postInput({ attachments: [{ url: 'https://e.org/a.mp3', type: 'audio/mp4' }] }), field: 'attachments.0.type', reason: /expected audio\/mpeg/ },
    { name: 'an m4a declared as video', input: postInput({ attachments: [{ url: 'https://e.org/a.m4a', type: 'video/mp4' }] }), field: 'attachments.0.type', reason: /expected audio\/mp4 or audio\/x-m4a/ },
    { name: 'an image as attachment', input: postInput({ attachments: [{ url: 'https://e.org/a.jpg', type: 'image/jpeg' }] }), field: 'attachments.0.type', reason: /audio or video MIME/ },
    { name: 'a relative attachment URL', input: postInput({ attachments: [{ url: '/a.mp3', type: 'audio/mpeg' }] }), field: 'attachments.0.url', reason: /absolute http/ },
    { name: 'a negative length', input: postInput({ attachments: [{ ...AUDIO, length: -1 }] }), field: 'attachments.0.length', reason: /.+/ },
    { name: 'a zero duration', input: postInput({ attachments: [{ ...AUDIO, durationSeconds: 0 }] }), field: 'attachments.0.durationSeconds', reason: /positive/ },
    { name: 'a fractional duration', input: postInput({ attachments: [{ ...AUDIO, durationSeconds: 12.5 }] }), field: 'attachments.0.durationSeconds', reason: /whole seconds/ },
    { name: 'an empty title', input: postInput({ attachments: [{ ...AUDIO, title: ' ' }] }), field: 'attachments.0.title', reason: /must not be empty/ },
    {
      name: 'more attachments than the limit',
      input: postInput({ attachments: Array.from({ length: POST_LIMITS.attachments + 1 }, (_, index) => ({ url: `https://e.org/${index}.mp3`, type: 'audio/mpeg' })) }),
      field: 'attachments',
      reason: /at most 10/,
    },
    { name: 'the same URL twice', input: postInput({ attachments: [AUDIO, AUDIO] }), field: 'attachments', reason: /repeat/ },
    { name: 'an unknown transcript type', input: { ...postInput(), transcript: { url: 'https://e.org/t.doc', type: 'application/msword' } }, field: 'transcript.type', reason: /text\/vtt/ },
    { name: 'relative chapters', input: postInput({ chapters: { url: 'chapters.json' } }), field: 'chapters.url', reason: /absolute http/ },
    { name: 'a show id that is no slug', input: postInput({ attachments: [AUDIO], episode: { show: 'Steppe Hour' } }), field: 'episode.show', reason: /lower-case/ },
    { name: 'an unknown episode type', input: { ...postInput({ attachments: [AUDIO] }), episode: { show: 'steppe-hour', type: 'teaser' } }, field: 'episode.type', reason: /.+/ },
    { name: 'episode number zero', input: postInput({ attachments: [AUDIO], episode: { show: 'steppe-hour', number: 0 } }), field: 'episode.number', reason: /.+/ },
    { name: 'an episode without media', input: postInput({ episode: { show: 'steppe-hour' } }), field: 'attachments', reason: /episode needs an audio or video attachment/ },
  ];

  it.each(rejected)('refuses $name, naming the field and the reason', ({ input, field, reason }) => {
    const problems = problemsOf(input);
    const problem = problems.find((candidate) => candidate.field === field);
    expect(problem, `problems: ${JSON.stringify(problems)}`).toBeDefined();
    expect(problem?.reason).toMatch(reason);
  });
});
