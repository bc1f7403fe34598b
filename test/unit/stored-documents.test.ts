import { EJSON } from 'bson';
import { parseStoredDocument, serializeDocument } from '../../emulator/db/ejson';

// The local cloud keeps documents as their stored text and parses them when read: JSON with dates
// on a quick path, other types through bson. Either way the document read is the one written.
const documents: Record<string, unknown>[] = [
  { _id: 'plain', text: '报修：厨房下水道堵塞', n: 42, big: 2 ** 53 - 1, frac: -0.125, yes: true, none: null, list: [1, 'a', null, [2]], nested: { deeper: { x: 'y' } } },
  { _id: 'dates', at: new Date('2026-12-05T08:00:00.123Z'), whole: new Date('2026-12-05T08:00:00Z'), list: [new Date(0), { at: new Date(86_400_000) }] },
  { _id: 'far', before1970: new Date(-86_400_000), after9999: new Date(253_402_318_800_001) },
  { _id: 'numbers', nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negInf: Number.NEGATIVE_INFINITY },
  { _id: 'regex', pattern: /^张/iu },
  { _id: 'dollarText', text: '{"$date":"2026-01-01T00:00:00Z"}', key: '$date' },
];

describe('stored documents read back', () => {
  it.each(documents.map((doc) => [doc._id, doc] as const))('%s: read back as written, and its text as it was stored', (_id, doc) => {
    const text = serializeDocument(doc);
    const read = parseStoredDocument(text);
    expect(read).toEqual(doc);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(EJSON.stringify(read, { relaxed: true })).toBe(text);
  });
});
