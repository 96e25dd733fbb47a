/**
 * The only credentials s3rver accepts (it checks signatures against `S3RVER`/`S3RVER`).
 * DynamoDB Local accepts any keys, so both emulators use these.
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
