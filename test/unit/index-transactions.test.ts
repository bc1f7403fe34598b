import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvDatabase } from '../../emulator/db/database';
import type { Document } from '../../emulator/db/documents';
import { Filter } from '../../emulator/db/query';
import { openEnvStore } from '../../emulator/db/store';
import { Transaction } from '../../emulator/db/transactions';
import { CommittedView } from '../../emulator/db/view';

/** An index picks candidates from committed state; a transaction's own writes must still count. */

const manifest = {
  collections: {
    tickets: { indexes: [{ name: 'community_status', keys: [{ field: 'communityId', direction: 1 as const }, { field: 'status', direction: 1 as const }], unique: false }] },
  },
};

let dir: string;
let db: EnvDatabase;

const put = (doc: Document) => ({ collection: 'tickets', id: doc._id, doc });
const ids = (docs: readonly Document[]) => docs.map((doc) => doc._id);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'index-transactions-'));
  db = new EnvDatabase(openEnvStore(dir, 'test'), manifest);
  db.createCollection('tickets');
  db.commit(['a', 'b', 'c', 'd'].map((id, i) => put({ _id: id, communityId: i % 2 ? 'c2' : 'c1', status: 'open' })));
  // A query builds the index before the transaction starts.
  expect(ids(new CommittedView(db).select('tickets', { communityId: 'c1' }, {}).docs)).toEqual(['a', 'c']);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a transaction's reads through an index see its own inserts, updates and deletions, in natural order", () => {
  const transaction = new Transaction('test', db);
  transaction.apply([put({ _id: 'e', communityId: 'c1', status: 'open' }), put({ _id: 'a', communityId: 'c2', status: 'open' }), put({ _id: 'b', communityId: 'c1', status: 'open' })]);
  transaction.apply([{ collection: 'tickets', id: 'c', doc: null }]);
  const criteria = { communityId: 'c1', status: 'open' };
  const filter = new Filter(criteria);
  const picked = transaction.select('tickets', criteria, {});
  expect(picked.served).toBe(true);
  expect(ids(picked.docs.filter((doc) => filter.test(doc)))).toEqual(ids(transaction.all('tickets').filter((doc) => filter.test(doc))));
  expect(ids(picked.docs.filter((doc) => filter.test(doc)))).toEqual(['b', 'e']);
  // Others see none of it until the commit, then all of it.
  expect(ids(new CommittedView(db).select('tickets', criteria, {}).docs)).toEqual(['a', 'c']);
  transaction.commit();
  expect(ids(new CommittedView(db).select('tickets', criteria, {}).docs)).toEqual(['b', 'e']);
});

test('a read through an index conflicts with a commit that changes the collection before the transaction commits', () => {
  const transaction = new Transaction('test', db);
  transaction.select('tickets', { communityId: 'c1' }, {});
  transaction.apply([put({ _id: 'f', communityId: 'c1', status: 'open' })]);
  new CommittedView(db).apply([put({ _id: 'g', communityId: 'c1', status: 'open' })]);
  expect(() => transaction.commit()).toThrow(/transaction conflict/);
});
