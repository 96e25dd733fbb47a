/**
 * Takes the place of `@smithy/core/event-streams` in the Lambda bundles (an esbuild alias,
 * infra/handler-bundling.ts). The SDK's protocols import it lazily for operations that stream
 * events (S3 SelectObjectContent, Bedrock, Transcribe); no call our functions make has one. The
 * real module costs 14 KiB, and, being imported lazily, makes esbuild wrap the checksum module it
 * shares with the clients so that all of it (CRC and SHA tables included) is built at load:
 * about 6 ms of the stream function's import.
 */
export class EventStreamsUnavailableError extends Error {
  override readonly name = 'EventStreamsUnavailableError';
  constructor() {
    super('event streams are left out of the Lambda bundles (functions/bootstrap/no-event-streams.ts): no Feedline call streams events');
  }
}

export function eventStreamSerdeProvider(): never {
  throw new EventStreamsUnavailableError();
}

export class EventStreamSerde {
  constructor() {
    throw new EventStreamsUnavailableError();
  }
}
