import { EnvDatabases, openDurable } from '../envDatabases';
import type Database from 'libsql';

/** An order as WeChat Pay keeps it (trade_state as its API reports it). */
export interface PayOrder {
  outTradeNo: string;
  subMchId: string;
  body: string;
  totalFee: number;
  openid: string;
  prepayId: string;
  /** Where the payment notice goes: the env and function named in unifiedOrder. */
  envId: string;
  functionName: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId: string;
  timeEnd: string;
  refundedFee: number;
}

export interface PayRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundFee: number;
  refundId: string;
}

interface OrderRow {
  out_trade_no: string;
  sub_mch_id: string;
  body: string;
  total_fee: number;
  openid: string;
  prepay_id: string;
  env_id: string;
  function_name: string;
  state: PayOrder['state'];
  transaction_id: string;
  time_end: string;
  refunded_fee: number;
}

const toOrder = (row: OrderRow): PayOrder => ({
  outTradeNo: row.out_trade_no,
  subMchId: row.sub_mch_id,
  body: row.body,
  totalFee: row.total_fee,
  openid: row.openid,
  prepayId: row.prepay_id,
  envId: row.env_id,
  functionName: row.function_name,
  state: row.state,
  transactionId: row.transaction_id,
  timeEnd: row.time_end,
  refundedFee: row.refunded_fee,
});

/** One env's WeChat Pay orders and refunds in SQLite: a payment acknowledged survives a restart. */
export class EnvPayments {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openDurable(
      file,
      `
      CREATE TABLE IF NOT EXISTS orders (
        out_trade_no TEXT PRIMARY KEY,
        sub_mch_id TEXT NOT NULL,
        body TEXT NOT NULL,
        total_fee INTEGER NOT NULL,
        openid TEXT NOT NULL,
        prepay_id TEXT NOT NULL UNIQUE,
        env_id TEXT NOT NULL,
        function_name TEXT NOT NULL,
        state TEXT NOT NULL,
        transaction_id TEXT NOT NULL DEFAULT '',
        time_end TEXT NOT NULL DEFAULT '',
        refunded_fee INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS refunds (
        out_refund_no TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL,
        refund_fee INTEGER NOT NULL,
        refund_id TEXT NOT NULL
      );
    `,
    );
  }

  order(outTradeNo: string): PayOrder | undefined {
    const row = this.db.prepare('SELECT * FROM orders WHERE out_trade_no = ?').get(outTradeNo) as OrderRow | undefined;
    return row && toOrder(row);
  }

  byPrepayId(prepayId: string): PayOrder | undefined {
    const row = this.db.prepare('SELECT * FROM orders WHERE prepay_id = ?').get(prepayId) as OrderRow | undefined;
    return row && toOrder(row);
  }

  orders(): PayOrder[] {
    return (this.db.prepare('SELECT * FROM orders ORDER BY rowid').all() as OrderRow[]).map(toOrder);
  }

  create(order: Omit<PayOrder, 'state' | 'transactionId' | 'timeEnd' | 'refundedFee'>): void {
    this.db
      .prepare(
        `INSERT INTO orders (out_trade_no, sub_mch_id, body, total_fee, openid, prepay_id, env_id, function_name, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'NOTPAY')`,
      )
      .run(order.outTradeNo, order.subMchId, order.body, order.totalFee, order.openid, order.prepayId, order.envId, order.functionName);
  }

  /** NOTPAY → SUCCESS; false when it was not waiting for payment. */
  markPaid(outTradeNo: string, transactionId: string, timeEnd: string): boolean {
    return this.db.prepare("UPDATE orders SET state = 'SUCCESS', transaction_id = ?, time_end = ? WHERE out_trade_no = ? AND state = 'NOTPAY'").run(transactionId, timeEnd, outTradeNo).changes === 1;
  }

  closeOrder(outTradeNo: string): boolean {
    return this.db.prepare("UPDATE orders SET state = 'CLOSED' WHERE out_trade_no = ? AND state = 'NOTPAY'").run(outTradeNo).changes === 1;
  }

  refund(outRefundNo: string): PayRefund | undefined {
    const row = this.db.prepare('SELECT * FROM refunds WHERE out_refund_no = ?').get(outRefundNo) as
      | { out_refund_no: string; out_trade_no: string; refund_fee: number; refund_id: string }
      | undefined;
    return row && { outRefundNo: row.out_refund_no, outTradeNo: row.out_trade_no, refundFee: row.refund_fee, refundId: row.refund_id };
  }

  /** Records a refund and its effect on the order, in one transaction. */
  addRefund(refund: PayRefund): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO refunds (out_refund_no, out_trade_no, refund_fee, refund_id) VALUES (?, ?, ?, ?)').run(refund.outRefundNo, refund.outTradeNo, refund.refundFee, refund.refundId);
      this.db.prepare("UPDATE orders SET refunded_fee = refunded_fee + ?, state = 'REFUND' WHERE out_trade_no = ?").run(refund.refundFee, refund.outTradeNo);
    })();
  }

  close(): void {
    this.db.close();
  }
}

/** Every env's payments, each in its own file under `<dataDir>/pay/`. */
export class PaymentStore extends EnvDatabases<EnvPayments> {
  constructor(root: string) {
    super(root, 'sqlite', (file) => new EnvPayments(file));
  }
}
