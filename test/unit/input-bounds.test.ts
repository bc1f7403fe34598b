import { z } from 'zod';
import { routes } from '../../cloudfunctions/api/src/routes';

/**
 * Every list an action accepts has a maximum length: an unbounded one let seven inspections grow
 * one document to 16 MB. Read from each action's own input schema, so a new unbounded array fails here.
 */
interface Schema {
  type?: string | string[];
  maxItems?: number;
  items?: Schema | Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

function unboundedArrays(schema: Schema, path: string): string[] {
  const found: string[] = [];
  if (schema.type === 'array' && schema.maxItems === undefined) found.push(path);
  const items = Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : [];
  for (const item of items) found.push(...unboundedArrays(item, `${path}[]`));
  for (const [key, property] of Object.entries(schema.properties ?? {})) found.push(...unboundedArrays(property, `${path}.${key}`));
  if (typeof schema.additionalProperties === 'object') found.push(...unboundedArrays(schema.additionalProperties, `${path}.*`));
  for (const choice of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) found.push(...unboundedArrays(choice, path));
  return found;
}

test('no action takes a list without a maximum length', () => {
  const unbounded = Object.entries(routes).flatMap(([action, route]) =>
    unboundedArrays(z.toJSONSchema(route.input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Schema, action),
  );
  expect(unbounded).toEqual([]);
});

test('the walk finds an unbounded list where there is one', () => {
  const schema = z.strictObject({ checks: z.array(z.strictObject({ notes: z.array(z.string()).max(3) })) });
  expect(unboundedArrays(z.toJSONSchema(schema, { io: 'input' }) as Schema, 'example')).toEqual(['example.checks']);
});
