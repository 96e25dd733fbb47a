import { describe, expect, it } from 'vitest';
import { imageTypeOfUrl } from '../../../shared/post/image-type.ts';

describe('image type of a URL', () => {
  it.each([
    { url: 'https://cdn.example.org/a/photo.JPG?w=640#top', type: 'image/jpeg' },
    { url: 'https://cdn.example.org/logo.svg', type: 'image/svg+xml' },
    { url: '/images/chart.png', type: 'image/png' },
    { url: 'thumbs/chart.webp?v=2', type: 'image/webp' },
    { url: 'https://cdn.example.org/image?id=7.png', type: undefined },
    { url: 'https://cdn.example.org/report.pdf', type: undefined },
  ])('$url is $type', ({ url, type }) => {
    expect(imageTypeOfUrl(url)).toBe(type);
  });
});
