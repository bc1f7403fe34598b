import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { readJson, sendJson } from '../http';
import type { HttpRoute } from '../service';
import { wechatError, type WechatReply } from './wechat';

interface IssuedCode {
  phoneNumber: string;
  expiresAt: number;
}

/** WeChat's codes from the phone-number button are single-use and expire after 5 minutes. */
const CODE_TTL_MS = 5 * 60_000;
/** What the phone-number button yields when the caller does not choose a number. */
const DEMO_PHONE_NUMBER = '13800138000';

/**
 * The phone-number button: the mini-program side gets a one-time code
 * (`POST /client/phoneNumberCode`), and `phonenumber.getPhoneNumber` turns it into the number.
 */
export class PhoneNumbers {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly clock: Clock) {}

  issue(phoneNumber: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { phoneNumber, expiresAt: this.clock.nowMs() + CODE_TTL_MS });
    return code;
  }

  getPhoneNumber(params: Record<string, unknown>): WechatReply {
    const code = typeof params.code === 'string' ? params.code : '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (!issued || issued.expiresAt < this.clock.nowMs()) return wechatError(this.clock, 40029, 'invalid code');
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: issued.phoneNumber,
        purePhoneNumber: issued.phoneNumber,
        countryCode: '86',
        watermark: { timestamp: Math.floor(this.clock.nowMs() / 1000), appid: '' },
      },
    };
  }

  routes(): HttpRoute[] {
    return [
      {
        method: 'POST',
        prefix: '/client/phoneNumberCode',
        handle: async (req, res) => {
          const body = await readJson(req);
          const phoneNumber = typeof body.phoneNumber === 'string' && /^1[3-9]\d{9}$/.test(body.phoneNumber) ? body.phoneNumber : DEMO_PHONE_NUMBER;
          sendJson(res, 200, { code: this.issue(phoneNumber), errMsg: 'getPhoneNumber:ok' });
        },
      },
    ];
  }
}
