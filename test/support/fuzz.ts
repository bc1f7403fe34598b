import fc from 'fast-check';
import { z } from 'zod';

/**
 * Inputs for the fuzz suite, from each action's own zod schema: a well-formed input (through the
 * schema's JSON Schema, so every field has the right type and size and ids come from the test's
 * world), then one hostile change to it — a wrong type, a boundary, an extra or missing key, a huge
 * or deeply nested value, a database operator object, odd Unicode, an impossible date, or
 * somebody else's id or file.
 */

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

/** Ids and files that exist in the test's world, most of them somebody else's. */
export interface World {
  ids: string[];
  fileIds: string[];
}

const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const WORDS = '业主维修漏水投诉物业小区客服请您处理谢谢abcXYZ0123 ·-'.split('');

function stringOf(schema: Schema, world: World): fc.Arbitrary<string> {
  if (schema.pattern === ID_PATTERN) return fc.oneof(fc.constantFrom(...world.ids), fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/));
  if (schema.pattern?.startsWith('^cloud:')) return fc.oneof(fc.constantFrom(...world.fileIds), fc.constant('cloud://fuzz.bucket/none.jpg'));
  if (schema.format === 'date-time') return fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern, 'u'));
    } catch {
      // A pattern fast-check cannot generate from: plain text of the right size instead.
    }
  }
  const minLength = schema.minLength ?? 0;
  return fc.string({ unit: fc.constantFrom(...WORDS), minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 30, 30)) });
}

/** A value the schema's shape accepts (refinements aside). */
export function wellFormed(schema: Schema, world: World): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return fc.oneof(...choices.map((choice) => wellFormed(choice, world)));
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, wellFormed(value, world)]));
      return fc.record(record, { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) });
    }
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(wellFormed(schema.items ?? {}, world), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'string':
      return stringOf(schema, world);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000, -1_000_000_000), max: Math.min(schema.maximum ?? 1_000, 1_000_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

/** Values no field should take, each a way a hostile or broken client might send one. */
export function hostileValue(world: World): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      null,
      true,
      0,
      -1,
      1.5,
      9e15,
      1e308,
      '',
      ' ',
      [],
      {},
      [[[[]]]],
      { $gt: '' },
      { $ne: null },
      { $where: 'sleep(1000)' },
      { $regex: '.*' },
      { _id: { $exists: true } },
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
      { constructor: { prototype: { polluted: true } } },
      '2027-02-30',
      '2026-02-31',
      '9999-12-31T00:00:00.000Z',
      '0000-00-00',
      '\u202e\u200b\u0000',
      '\ud800',
      '😀'.repeat(300),
      'a'.repeat(100_000),
      '业'.repeat(5_001),
      nested(64),
      nested(3_000),
      Array.from({ length: 2_000 }, (_, index) => index),
    ),
    fc.constantFrom(...world.ids, ...world.fileIds),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
}

export type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown }
  | { kind: 'whole'; value: unknown };

export function mutation(world: World): fc.Arbitrary<Mutation> {
  const at = fc.nat({ max: 1_000 });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value: hostileValue(world) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        at,
        key: fc.constantFrom('openid', 'role', 'roles', 'status', '_id', '$set', '__proto__', 'version', 'x'),
        value: hostileValue(world),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue(world) }) },
  );
}

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) inside a value, the value itself first. */
function places(value: unknown, into: [Container, string | number][] = []): [Container, string | number][] {
  if (Array.isArray(value)) value.forEach((item, index) => (into.push([value, index]), places(item, into)));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      into.push([value as Record<string, unknown>, key]);
      places((value as Record<string, unknown>)[key], into);
    }
  }
  return into;
}

/** The input with the mutation applied (the input is a fresh copy, changed in place). */
export function applyMutation(input: unknown, change: Mutation): unknown {
  if (change.kind === 'none') return input;
  if (change.kind === 'whole') return change.value;
  const spots = places(input);
  if (change.kind === 'extra') {
    const objects = [input, ...spots.map(([container, key]) => (container as Record<string | number, unknown>)[key])].filter(
      (candidate): candidate is Record<string, unknown> => candidate !== null && typeof candidate === 'object' && !Array.isArray(candidate),
    );
    if (!objects.length) return input;
    Object.defineProperty(objects[change.at % objects.length], change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
    return input;
  }
  if (!spots.length) return change.kind === 'replace' ? change.value : input;
  const [container, key] = spots[change.at % spots.length];
  if (change.kind === 'remove') {
    if (Array.isArray(container)) container.splice(Number(key), 1);
    else delete container[key as string];
  } else (container as Record<string | number, unknown>)[key] = change.value;
  return input;
}

/** The JSON Schema zod describes an action's input with (refinements and transforms aside). */
export function schemaOf(input: z.ZodType): Schema {
  return z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as Schema;
}
