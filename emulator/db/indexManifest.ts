import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { IndexManifest } from '../../typings/indexes';

/**
 * Reads an index manifest (`config/indexes.json`): the indexes of each collection, checked
 * before anything uses them, so a typo fails at start instead of silently serving no query.
 */

const fieldPath = z
  .string()
  .min(1)
  .max(256)
  .refine((path) => path.split('.').every((part) => part !== '' && !part.startsWith('$')), 'a field path has no empty part and no part starting with "$"');

const indexSpec = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'an index name has 1–64 letters, digits or underscores'),
    keys: z.array(z.strictObject({ field: fieldPath, direction: z.union([z.literal(1), z.literal(-1)]) })).min(1),
    unique: z.boolean(),
  })
  .refine((spec) => new Set(spec.keys.map((key) => key.field)).size === spec.keys.length, 'a field appears once in an index');

const manifestSchema = z.strictObject({
  collections: z.record(
    z.string().min(1),
    z
      .strictObject({ indexes: z.array(indexSpec) })
      .refine((entry) => new Set(entry.indexes.map((spec) => spec.name)).size === entry.indexes.length, 'index names are unique in a collection'),
  ),
});

/** Checks a parsed manifest; throws with the path of the first problem. */
export function parseIndexManifest(value: unknown, source = 'index manifest'): IndexManifest {
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

export function loadIndexManifest(path: string): IndexManifest {
  return parseIndexManifest(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}

/** A manifest that declares nothing: every query is a scan. */
export const noIndexes: IndexManifest = { collections: {} };
