import { describe, expect, it } from 'vitest';
import { jsonSyntaxErrorPosition } from '../../../cli/json-syntax-error.ts';

describe('jsonSyntaxErrorPosition', () => {
  it.each([
    { name: 'a value missing after a colon', text: '{\n  "id": "a",\n  "title": }', at: { line: 3, column: 12, found: '"}"' } },
    { name: 'a trailing comma', text: '[1, 2,]', at: { line: 1, column: 7, found: '"]"' } },
    { name: 'the input ending inside an object', text: '{"id": ', at: { line: 1, column: 8, found: 'end of input' } },
    { name: 'an unquoted key', text: '{\n id: 1}', at: { line: 2, column: 2, found: '"i"' } },
    { name: 'a raw newline inside a string', text: '{"a": "x\ny"}', at: { line: 1, column: 9, found: '"\\n"' } },
    { name: 'a bad escape', text: '["\\q"]', at: { line: 1, column: 3, found: '"\\\\"' } },
    { name: 'text after the value', text: '{"a": 1} {"b": 2}', at: { line: 1, column: 10, found: '"{"' } },
  ])('points at $name', ({ text, at }) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonSyntaxErrorPosition(text)).toEqual(at);
  });

  it.each(['{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}', ' [] ', '"just a string"', '0'])('finds nothing wrong in valid JSON %s', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonSyntaxErrorPosition(text)).toBeUndefined();
  });
});
