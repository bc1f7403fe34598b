/** `npm run docs:roles`: rewrites docs/role-matrix.md from the route table and the record policies. */
import { writeFileSync } from 'node:fs';
import { roleMatrix, roleMatrixPath } from './role-matrix-doc';

writeFileSync(roleMatrixPath, roleMatrix());
process.stdout.write(`wrote ${roleMatrixPath}\n`);
