import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { MetadataBearer } from '@smithy/types';

type S3Stub = AwsStub<object, MetadataBearer, object>;

export function s3Error(status: number, name: string): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `injected ${status} ${name}` });
}

export const preconditionFailed = (): S3ServiceException => s3Error(412, 'PreconditionFailed');
export const internalError = (): S3ServiceException => s3Error(500, 'InternalError');

/**
 * Puts aws-sdk-client-mock in front of a real client: every command still reaches the emulator
 * unless a test adds a fault for it. `PutObject` can be overridden per call.
 */
export function interceptS3(
  s3: S3Client,
  put?: (input: PutObjectCommandInput, realPut: (input: PutObjectCommandInput) => Promise<unknown>) => Promise<unknown>,
): S3Stub {
  const realSend = s3.send.bind(s3) as (command: unknown) => Promise<unknown>;
  const stub = mockClient(s3) as unknown as S3Stub;
  const realPut = (input: PutObjectCommandInput) => realSend(new PutObjectCommand(input));
  stub.on(HeadObjectCommand).callsFake((input) => realSend(new HeadObjectCommand(input)));
  stub.on(GetObjectCommand).callsFake((input) => realSend(new GetObjectCommand(input)));
  stub.on(ListObjectsV2Command).callsFake((input) => realSend(new ListObjectsV2Command(input)));
  stub.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => (put ? put(input, realPut) : realPut(input)));
  return stub;
}

/**
 * The S3 emulator ignores `IfMatch` / `IfNoneMatch` on PutObject; this enforces them as S3 does
 * (412 on a mismatch), so races between regenerations can be reproduced faithfully. `onLanded`
 * hears every PUT that passed its condition, in the order they landed.
 */
export function enforceConditionalWrites(s3: S3Client, onLanded?: (input: PutObjectCommandInput) => void): S3Stub {
  const realSend = s3.send.bind(s3) as (command: unknown) => Promise<{ ETag?: string }>;
  // S3 checks and writes atomically; one key's check-then-put runs alone here, or two racing PUTs
  // could both pass the check.
  const keyLocks = new Map<string, Promise<unknown>>();
  return interceptS3(s3, (input, realPut) => {
    const key = input.Key ?? '';
    const checkedPut = (keyLocks.get(key) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      const current = await realSend(new HeadObjectCommand({ Bucket: input.Bucket, Key: input.Key })).catch((error: unknown) => {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw error;
      });
      if (input.IfNoneMatch === '*' && current) throw preconditionFailed();
      if (input.IfMatch !== undefined && current?.ETag !== input.IfMatch) throw preconditionFailed();
      const result = await realPut(input);
      onLanded?.(input);
      return result;
    });
    keyLocks.set(key, checkedPut);
    return checkedPut;
  });
}
