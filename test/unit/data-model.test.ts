import { readFileSync } from 'node:fs';
import { loadIndexManifest, parseIndexManifest } from '../../emulator/db/indexManifest';
import { dataModelDoc, dataModelPath, indexManifestPath } from '../../scripts/data-model-doc';
import { COLLECTIONS } from '../../cloudfunctions/api/src/collections';

test('docs/data-model.md shows the indexes config/indexes.json declares (npm run docs:data-model rewrites it)', () => {
  const doc = readFileSync(dataModelPath, 'utf8');
  expect(doc).toBe(dataModelDoc(doc));
});

test('config/indexes.json declares every collection the api function uses, and no other', () => {
  const names = [...COLLECTIONS];
  expect(names.length).toBeGreaterThan(20);
  expect(Object.keys(loadIndexManifest(indexManifestPath).collections).sort()).toEqual(names.sort());
});

describe('an index manifest is checked when loaded', () => {
  const manifest = (index: Record<string, unknown>): unknown => ({ collections: { tickets: { indexes: [index] } } });
  const good = { name: 'owner_createdAt', keys: [{ field: 'ownerOpenid', direction: 1 }, { field: 'createdAt', direction: -1 }], unique: false };

  it('accepts the shape the deploy script reads', () => {
    expect(parseIndexManifest(manifest(good)).collections.tickets.indexes[0].keys[1]).toEqual({ field: 'createdAt', direction: -1 });
  });

  it.each([
    ['a name with a dash', { ...good, name: 'owner-createdAt' }, 'collections.tickets.indexes.0.name'],
    ['a direction other than 1 or -1', { ...good, keys: [{ field: 'a', direction: 0 }] }, 'direction'],
    ['no keys', { ...good, keys: [] }, 'keys'],
    ['a field twice', { ...good, keys: [{ field: 'a', direction: 1 }, { field: 'a', direction: -1 }] }, 'a field appears once'],
    ['an operator as a field', { ...good, keys: [{ field: 'a.$b', direction: 1 }] }, 'field'],
    ['a missing unique flag', { name: 'a', keys: [{ field: 'a', direction: 1 }] }, 'unique'],
  ])('refuses %s', (_label, index, problem) => {
    expect(() => parseIndexManifest(manifest(index), 'indexes.json')).toThrow(problem);
  });

  it('refuses two indexes of one name', () => {
    expect(() => parseIndexManifest({ collections: { tickets: { indexes: [good, good] } } })).toThrow('index names are unique');
  });
});
