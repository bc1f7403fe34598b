/**
 * Consent to status messages (订阅消息): WeChat asks the user for each template, and the cloud
 * records what was accepted, one message each.
 */
import { call } from './api';

/** WeChat shows at most 3 templates in one subscription dialog. */
const MAX_TEMPLATES = 3;

/**
 * Asks WeChat for consent. WeChat shows the dialog only when this runs in the call stack of a tap,
 * so it is called before anything is awaited. Resolves with the accepted template ids; a refusal
 * or an error resolves with none, since consent never blocks a request.
 */
export function askSubscription(templateIds: string[]): Promise<string[]> {
  const tmplIds = templateIds.slice(0, MAX_TEMPLATES);
  if (!tmplIds.length) return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (result) => resolve(tmplIds.filter((id) => result[id] === 'accept')),
      fail: () => resolve([]),
    });
  });
}

/** Tells the cloud what was accepted; resolves whether messages will be sent. Not recording it only means no messages. */
export async function recordSubscription(accepted: string[]): Promise<boolean> {
  if (!accepted.length) return false;
  try {
    return (await call('me.subscribe', { accepted })).granted > 0;
  } catch {
    return false;
  }
}
