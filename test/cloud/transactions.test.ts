import { sdkFor, uniqueEnv } from '../support/cloud';

/** Transactions of the cloud database, through the real wx-server-sdk. */

type Cloud = ReturnType<typeof sdkFor>;
type Database = ReturnType<Cloud['database']>;
type Collection = ReturnType<Database['collection']>;
type Doc = Record<string, unknown> & { _id: string };

/** The parts of the SDK's transaction object these tests use (its typings say `any`). */
interface Transaction {
  collection(name: string): Collection;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}
interface SdkError {
  errCode?: number;
  code?: string;
  errMsg?: string;
}

const env = uniqueEnv('tx');
const cloud = sdkFor(env);
const db = cloud.database();
const _ = db.command;

let collections = 0;
async function freshCollection(docs: Record<string, unknown>[] = []): Promise<string> {
  const name = `t${++collections}`;
  await db.createCollection(name);
  if (docs.length > 0) await db.collection(name).add({ data: docs });
  return name;
}

async function docOf(collection: Collection, id: string): Promise<Doc> {
  return ((await collection.doc(id).get()) as { data: Doc }).data;
}

async function all(collection: Collection): Promise<Doc[]> {
  return ((await collection.orderBy('_id', 'asc').get()) as { data: Doc[] }).data;
}

async function startTransaction(): Promise<Transaction> {
  return (await db.startTransaction()) as Transaction;
}

function runTransaction<T>(callback: (transaction: Transaction) => Promise<T>): Promise<T> {
  return db.runTransaction(callback) as Promise<T>;
}

async function failure(call: Promise<unknown> | unknown): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

describe('runTransaction', () => {
  it('commits all of its writes together', async () => {
    const name = await freshCollection([
      { _id: 'alice', balance: 100 },
      { _id: 'bob', balance: 0 },
    ]);
    const result = await runTransaction(async (t) => {
      const accounts = t.collection(name);
      const alice = ((await accounts.doc('alice').get()) as { data: Doc }).data;
      await accounts.doc('alice').update({ data: { balance: (alice.balance as number) - 30 } });
      await accounts.doc('bob').update({ data: { balance: _.inc(30) } });
      await accounts.add({ data: { _id: 'log-1', amount: 30 } });
      return 'moved';
    });
    expect(result).toBe('moved');
    expect(await all(db.collection(name))).toEqual([
      { _id: 'alice', balance: 70 },
      { _id: 'bob', balance: 30 },
      { _id: 'log-1', amount: 30 },
    ]);
  });

  it('leaves nothing behind when the callback throws', async () => {
    const name = await freshCollection([{ _id: 'stock', units: 5 }]);
    const error = await failure(
      runTransaction(async (t) => {
        await t.collection(name).doc('stock').update({ data: { units: _.inc(-5) } });
        await t.collection(name).add({ data: { _id: 'order', units: 5 } });
        throw new Error('payment declined');
      }),
    );
    expect((error as Error).message).toBe('payment declined');
    expect(await all(db.collection(name))).toEqual([{ _id: 'stock', units: 5 }]);
  });

  it('leaves nothing behind after t.rollback(), rejecting with its reason', async () => {
    const name = await freshCollection([{ _id: 'stock', units: 5 }]);
    const reason = await runTransaction(async (t) => {
      await t.collection(name).doc('stock').remove();
      await t.rollback('not enough stock');
    }).catch((error: unknown) => error);
    expect(reason).toBe('not enough stock');
    expect(await all(db.collection(name))).toEqual([{ _id: 'stock', units: 5 }]);
  });

  it('loses no update when 20 read-modify-write transactions run at once', async () => {
    const name = await freshCollection([{ _id: 'counter', n: 0 }]);
    const increment = () =>
      runTransaction(async (t) => {
        const counter = ((await t.collection(name).doc('counter').get()) as { data: Doc }).data;
        await t.collection(name).doc('counter').update({ data: { n: (counter.n as number) + 1 } });
      });
    /** The SDK retries a conflict 3 times; under this much contention a caller may need to retry further. */
    const incrementUntilCommitted = async (): Promise<void> => {
      for (;;) {
        try {
          await increment();
          return;
        } catch (error) {
          if ((error as SdkError).code !== 'DATABASE_TRANSACTION_CONFLICT') throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, incrementUntilCommitted));
    expect((await docOf(db.collection(name), 'counter')).n).toBe(20);
  }, 60_000);
});

describe('startTransaction', () => {
  it('commits on commit()', async () => {
    const name = await freshCollection([{ _id: 'a', v: 1 }]);
    const t = await startTransaction();
    await t.collection(name).doc('a').set({ data: { v: 2 } });
    await t.collection(name).doc('b').set({ data: { v: 3 } });
    await t.commit();
    expect(await all(db.collection(name))).toEqual([
      { _id: 'a', v: 2 },
      { _id: 'b', v: 3 },
    ]);
  });

  it('discards everything on rollback()', async () => {
    const name = await freshCollection([{ _id: 'a', v: 1 }]);
    const t = await startTransaction();
    await t.collection(name).doc('a').update({ data: { v: _.inc(10) } });
    await t.collection(name).doc('a').remove();
    await t.collection(name).add({ data: { _id: 'b' } });
    await t.rollback();
    expect(await all(db.collection(name))).toEqual([{ _id: 'a', v: 1 }]);
  });

  it('runs where().update() and where().remove() outside the transaction (the SDK sends them without its id)', async () => {
    const name = await freshCollection([
      { _id: 'a', v: 1 },
      { _id: 'b', v: 2 },
    ]);
    const t = await startTransaction();
    await t.collection(name).where({ _id: 'a' }).update({ data: { v: 10 } });
    await t.collection(name).where({ _id: 'b' }).remove();
    await t.rollback();
    expect(await all(db.collection(name))).toEqual([{ _id: 'a', v: 10 }]);
  });

  it('keeps its writes invisible outside until it commits, and visible inside', async () => {
    const name = await freshCollection([
      { _id: 'a', status: 'open' },
      { _id: 'b', status: 'open' },
    ]);
    const outside = db.collection(name);
    const t = await startTransaction();
    const inside = t.collection(name);
    await inside.doc('a').update({ data: { status: 'closed' } });
    await inside.doc('b').remove();
    await inside.add({ data: { _id: 'c', status: 'open' } });

    expect(await all(outside)).toEqual([
      { _id: 'a', status: 'open' },
      { _id: 'b', status: 'open' },
    ]);
    expect(((await outside.where({ status: 'open' }).count()) as { total: number }).total).toBe(2);
    expect(((await inside.doc('a').get()) as { data: Doc }).data).toEqual({ _id: 'a', status: 'closed' });
    expect(((await inside.where({ status: 'open' }).get()) as { data: Doc[] }).data).toEqual([{ _id: 'c', status: 'open' }]);
    expect((await failure(inside.doc('b').get())).errMsg).toMatch(/does not exist/);

    await t.commit();
    expect(await all(outside)).toEqual([
      { _id: 'a', status: 'closed' },
      { _id: 'c', status: 'open' },
    ]);
  });

  it('fails to commit when a document it read was changed meanwhile, and applies none of its writes', async () => {
    const name = await freshCollection([
      { _id: 'seat', taken: false },
      { _id: 'other', v: 0 },
    ]);
    const t = await startTransaction();
    const seat = ((await t.collection(name).doc('seat').get()) as { data: Doc }).data;
    expect(seat.taken).toBe(false);
    await t.collection(name).doc('seat').update({ data: { taken: true, by: 'first' } });
    await t.collection(name).doc('other').update({ data: { v: 1 } });
    await db.collection(name).doc('seat').update({ data: { taken: true, by: 'second' } });
    expect((await failure(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await all(db.collection(name))).toEqual([
      { _id: 'other', v: 0 },
      { _id: 'seat', taken: true, by: 'second' },
    ]);
  });

  it('fails to commit when a document starts matching a query it ran (a phantom)', async () => {
    const name = await freshCollection([{ _id: 'r1', room: 'hall', at: 9 }]);
    const t = await startTransaction();
    const booked = ((await t.collection(name).where({ room: 'hall', at: 10 }).get()) as { data: Doc[] }).data;
    expect(booked).toEqual([]);
    await t.collection(name).add({ data: { _id: 'mine', room: 'hall', at: 10 } });
    await db.collection(name).add({ data: { _id: 'theirs', room: 'hall', at: 10 } });
    expect((await failure(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(((await db.collection(name).where({ at: 10 }).get()) as { data: Doc[] }).data.map((doc) => doc._id)).toEqual([
      'theirs',
    ]);
  });

  it('applies update operators of a transaction on commit', async () => {
    const name = await freshCollection([{ _id: 'a', n: 1, tags: ['x'] }]);
    const t = await startTransaction();
    await t.collection(name).doc('a').update({ data: { n: _.inc(4), tags: _.push(['y']), at: db.serverDate() } });
    await t.commit();
    const doc = await docOf(db.collection(name), 'a');
    expect(doc).toMatchObject({ n: 5, tags: ['x', 'y'] });
    expect(doc.at).toBeInstanceOf(Date);
  });

  it('refuses a transaction that is over', async () => {
    const name = await freshCollection([{ _id: 'a' }]);
    const t = await startTransaction();
    await t.collection(name).doc('a').get();
    await t.commit();
    expect((await failure(t.commit())).code).toBe('DATABASE_TRANSACTION_NOT_EXIST');
    expect((await failure(t.collection(name).doc('a').get())).errCode).toBe(-501001);
    expect((await failure(t.rollback())).code).toBe('DATABASE_TRANSACTION_NOT_EXIST');
  });

  it('answers -502005 for a missing collection inside a transaction', async () => {
    const t = await startTransaction();
    expect((await failure(t.collection('no-such-collection').doc('a').get())).errCode).toBe(-502005);
    await t.rollback();
  });
});
