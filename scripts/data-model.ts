/** `npm run docs:data-model`: rewrites the indexes column of docs/data-model.md from config/indexes.json. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dataModelDoc, dataModelPath } from './data-model-doc';

writeFileSync(dataModelPath, dataModelDoc(readFileSync(dataModelPath, 'utf8')));
process.stdout.write(`wrote ${dataModelPath}\n`);
