import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/** The node is one attribute value. */
const VALUE = 'value';
/** Every value of the map, or every member of the list, at the node is one attribute value. */
const EACH_VALUE = 'each-value';
/** As the node's only key: every entry of the map or list at the node has the same inner paths. */
const EVERY_ENTRY = '*';

/**
 * Where a request or an answer holds attribute values: the `inputKeyNodes` and `outputKeyNodes` of
 * lib-dynamodb's commands, field by field, so the HTTP adapter converts exactly what the
 * DocumentClient converts and leaves the rest (names, expressions, capacity) as it is.
 */
export type AttributePaths = typeof VALUE | typeof EACH_VALUE | { readonly [field: string]: AttributePaths };

const LEGACY_EXPECTED: AttributePaths = { [EVERY_ENTRY]: { Value: VALUE, AttributeValueList: EACH_VALUE } };
const LEGACY_CONDITIONS: AttributePaths = { [EVERY_ENTRY]: { AttributeValueList: EACH_VALUE } };
const WRITTEN_ITEM_ANSWER: AttributePaths = { Attributes: EACH_VALUE, ItemCollectionMetrics: { ItemCollectionKey: EACH_VALUE } };
const METRICS_PER_TABLE: AttributePaths = { [EVERY_ENTRY]: { [EVERY_ENTRY]: { ItemCollectionKey: EACH_VALUE } } };
const WRITE_REQUESTS: AttributePaths = { [EVERY_ENTRY]: { [EVERY_ENTRY]: { PutRequest: { Item: EACH_VALUE }, DeleteRequest: { Key: EACH_VALUE } } } };
const KEYS_PER_TABLE: AttributePaths = { [EVERY_ENTRY]: { Keys: { [EVERY_ENTRY]: EACH_VALUE } } };
const PAGE_ANSWER: AttributePaths = { Items: { [EVERY_ENTRY]: EACH_VALUE }, LastEvaluatedKey: EACH_VALUE };

export interface DocumentOperation {
  /** DynamoDB's name for it, the end of `x-amz-target`. */
  target: string;
  request: AttributePaths;
  answer: AttributePaths;
}

/** The DocumentTable port's operations, as lib-dynamodb's commands of the same names convert them. */
export const DOCUMENT_OPERATIONS = {
  get: { target: 'GetItem', request: { Key: EACH_VALUE }, answer: { Item: EACH_VALUE } },
  put: { target: 'PutItem', request: { Item: EACH_VALUE, Expected: LEGACY_EXPECTED, ExpressionAttributeValues: EACH_VALUE }, answer: WRITTEN_ITEM_ANSWER },
  update: {
    target: 'UpdateItem',
    request: { Key: EACH_VALUE, AttributeUpdates: { [EVERY_ENTRY]: { Value: VALUE } }, Expected: LEGACY_EXPECTED, ExpressionAttributeValues: EACH_VALUE },
    answer: WRITTEN_ITEM_ANSWER,
  },
  delete: { target: 'DeleteItem', request: { Key: EACH_VALUE, Expected: LEGACY_EXPECTED, ExpressionAttributeValues: EACH_VALUE }, answer: WRITTEN_ITEM_ANSWER },
  query: {
    target: 'Query',
    request: { KeyConditions: LEGACY_CONDITIONS, QueryFilter: LEGACY_CONDITIONS, ExclusiveStartKey: EACH_VALUE, ExpressionAttributeValues: EACH_VALUE },
    answer: PAGE_ANSWER,
  },
  scan: { target: 'Scan', request: { ScanFilter: LEGACY_CONDITIONS, ExclusiveStartKey: EACH_VALUE, ExpressionAttributeValues: EACH_VALUE }, answer: PAGE_ANSWER },
  batchGet: {
    target: 'BatchGetItem',
    request: { RequestItems: KEYS_PER_TABLE },
    answer: { Responses: { [EVERY_ENTRY]: { [EVERY_ENTRY]: EACH_VALUE } }, UnprocessedKeys: KEYS_PER_TABLE },
  },
  batchWrite: { target: 'BatchWriteItem', request: { RequestItems: WRITE_REQUESTS }, answer: { UnprocessedItems: WRITE_REQUESTS, ItemCollectionMetrics: METRICS_PER_TABLE } },
  transactWrite: {
    target: 'TransactWriteItems',
    request: {
      TransactItems: {
        [EVERY_ENTRY]: {
          ConditionCheck: { Key: EACH_VALUE, ExpressionAttributeValues: EACH_VALUE },
          Put: { Item: EACH_VALUE, ExpressionAttributeValues: EACH_VALUE },
          Delete: { Key: EACH_VALUE, ExpressionAttributeValues: EACH_VALUE },
          Update: { Key: EACH_VALUE, ExpressionAttributeValues: EACH_VALUE },
        },
      },
    },
    answer: { ItemCollectionMetrics: METRICS_PER_TABLE },
  },
} as const satisfies Record<string, DocumentOperation>;

/** The DocumentClient's options: `removeUndefinedValues` as `createDynamoDbClients` sets it, the rest lib-dynamodb's defaults. */
const MARSHALL_OPTIONS = { removeUndefinedValues: true, convertTopLevelContainer: true } as const;
const UNMARSHALL_OPTIONS = { convertWithoutMapWrapper: true } as const;

/** A request with its plain values turned into attribute values, as the DocumentClient sends it (binary as base64, for JSON). */
export function marshalledRequest(request: object, paths: AttributePaths): unknown {
  return convertAt(request, paths, (value) => withBinaryConverted(marshall(value, MARSHALL_OPTIONS), base64Of));
}

/** An answer in DynamoDB's JSON with its attribute values turned back into plain values. */
export function unmarshalledAnswer(answer: object, paths: AttributePaths): unknown {
  return convertAt(answer, paths, (value) => nativeValueOf(value as AttributeValue));
}

/** One attribute value from DynamoDB's JSON as a plain value (binary arrives as base64 there). */
export function nativeValueOf(wire: AttributeValue): unknown {
  return unmarshall(withBinaryConverted(wire, bytesOf), UNMARSHALL_OPTIONS);
}

function convertAt(value: unknown, paths: AttributePaths, convert: (value: unknown) => unknown): unknown {
  if (value === undefined) return undefined;
  if (paths === VALUE) return convert(value);
  if (value === null) return null;
  if (paths === EACH_VALUE) return mapEntries(value, convert);
  const everyEntry = paths[EVERY_ENTRY];
  if (everyEntry !== undefined) return mapEntries(value, (entry) => convertAt(entry, everyEntry, convert));
  const converted: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [field, inner] of Object.entries(paths)) {
    const convertedField = convertAt(converted[field], inner, convert);
    if (convertedField !== undefined) converted[field] = convertedField;
  }
  return converted;
}

/** Undefined entries of a map are left out, as the DocumentClient leaves out an undefined key attribute. */
function mapEntries(value: unknown, convert: (entry: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((entry) => (entry === undefined ? undefined : convert(entry)));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).flatMap(([key, entry]) => {
      const converted = entry === undefined ? undefined : convert(entry);
      return converted === undefined ? [] : [[key, converted]];
    }),
  );
}

/**
 * An attribute value with each binary value (`B`, the members of `BS`, and those inside maps and
 * lists) converted: to base64 on the way out, back to bytes on the way in, as the SDK's JSON
 * serializer and deserializer do. Only attribute values hold binary.
 */
function withBinaryConverted(value: AttributeValue, convert: (binary: unknown) => unknown): AttributeValue {
  if (value.B !== undefined) return { B: convert(value.B) } as AttributeValue;
  if (value.BS !== undefined) return { BS: value.BS.map(convert) } as AttributeValue;
  if (value.M !== undefined) return { M: Object.fromEntries(Object.entries(value.M).map(([key, member]) => [key, withBinaryConverted(member, convert)])) };
  if (value.L !== undefined) return { L: value.L.map((member) => withBinaryConverted(member, convert)) };
  return value;
}

/** Binary as marshalled: a typed array or Buffer, or an ArrayBuffer passed as is. */
function base64Of(binary: unknown): string {
  const bytes = binary as Uint8Array | ArrayBuffer;
  const buffer = ArrayBuffer.isView(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
  return buffer.toString('base64');
}

/** The SDK's JSON deserializer gives binary as a plain Uint8Array. */
function bytesOf(base64: unknown): Uint8Array {
  const buffer = Buffer.from(base64 as string, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
