import { randomUUID } from 'node:crypto';

/**
 * A name valid both as a DynamoDB table and an S3 bucket (lowercase, digits, hyphens, at most 63
 * characters), unique per call, so test files share the emulators without sharing state.
 */
export function uniqueResourceName(prefix: string): string {
  const slug = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 40);
  return `${slug}-${randomUUID().slice(0, 8)}`;
}
