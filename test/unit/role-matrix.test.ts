import { readFileSync } from 'node:fs';
import { roleMatrix, roleMatrixPath } from '../../scripts/role-matrix-doc';

test('docs/role-matrix.md says what the route table and the record policies enforce (npm run docs:roles rewrites it)', () => {
  expect(readFileSync(roleMatrixPath, 'utf8')).toBe(roleMatrix());
});
