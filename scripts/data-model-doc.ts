/**
 * The indexes column of docs/data-model.md, written from config/indexes.json so the document
 * cannot drift from the indexes deployed and served (test/unit/data-model.test.ts compares the
 * checked-in file with this output; `npm run docs:data-model` rewrites it). The other columns are
 * hand-written and kept as they are.
 */
import { join } from 'node:path';
import { loadIndexManifest } from '../emulator/db/indexManifest';
import type { IndexManifest, IndexSpec } from '../typings/indexes';
import { root } from './paths';

export const dataModelPath = join(root, 'docs', 'data-model.md');
export const indexManifestPath = join(root, 'config', 'indexes.json');

const HEADER = /^\| collection \| document \| indexes \(besides `_id`\) \| queried by \|$/;

/** `name`: `a` + `b` desc + `_id` desc (unique) */
export function describeIndex(spec: IndexSpec): string {
  const keys = spec.keys.map((key) => `\`${key.field}\`${key.direction === -1 ? ' desc' : ''}`).join(' + ');
  return `\`${spec.name}\`: ${keys}${spec.unique ? ' (unique)' : ''}`;
}

function indexCell(specs: readonly IndexSpec[]): string {
  return specs.length ? specs.map(describeIndex).join('; ') : '— (read by `_id`)';
}

/** Cells of a table row, split on unescaped pipes. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

/** `doc` with its collections table's indexes column written from `manifest`. */
export function withIndexes(doc: string, manifest: IndexManifest): string {
  const lines = doc.split('\n');
  const header = lines.findIndex((line) => HEADER.test(line));
  if (header < 0) throw new Error('docs/data-model.md: the collections table header was not found');
  const listed = new Set<string>();
  for (let i = header + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const row = cells(lines[i]);
    const name = /^ `([^`]+)` $/.exec(row[0])?.[1];
    if (!name || row.length !== 4) throw new Error(`docs/data-model.md line ${i + 1}: not a collection row`);
    const declared = manifest.collections[name];
    if (!declared) throw new Error(`docs/data-model.md lists ${name}, which config/indexes.json does not`);
    listed.add(name);
    row[2] = ` ${indexCell(declared.indexes)} `;
    lines[i] = `|${row.join('|')}|`;
  }
  const missing = Object.keys(manifest.collections).filter((name) => !listed.has(name));
  if (missing.length) throw new Error(`docs/data-model.md does not list ${missing.join(', ')}`);
  return lines.join('\n');
}

export function dataModelDoc(doc: string): string {
  return withIndexes(doc, loadIndexManifest(indexManifestPath));
}
