import type { Clock } from '../clock';
import { isOpenidShaped, requestId, wechatError, type WechatReply } from './wechat';

/** WeChat's documented limit for `content` ("文本字数的上限为2500字"). */
export const MAX_CONTENT_CHARS = 2500;

/** Label for "normal" content, and the one given to a configured risky word (21000: "其他"). */
const LABEL_NORMAL = 100;
const LABEL_RISKY_WORD = 21000;

/**
 * `security.msgSecCheck` version 2. Content (and title, nickname, signature) is risky when it
 * contains one of the configured risky words, case-insensitively; everything else passes.
 */
export function msgSecCheck(params: Record<string, unknown>, riskyWords: readonly string[], clock: Clock): WechatReply {
  const { content, version, scene, openid } = params;
  if (!isOpenidShaped(openid)) return wechatError(clock, 40003, 'invalid openid');
  if (version !== 2) return wechatError(clock, 47003, 'argument invalid! version must be 2 (only msgSecCheck 2.0 is emulated)');
  if (scene !== 1 && scene !== 2 && scene !== 3 && scene !== 4) return wechatError(clock, 40129, 'invalid scene');
  if (typeof content !== 'string' || content.length === 0) return wechatError(clock, 47003, 'argument invalid! content is empty');
  if ([...content].length > MAX_CONTENT_CHARS) {
    return wechatError(clock, 47003, `argument invalid! content exceeds ${MAX_CONTENT_CHARS} characters`);
  }
  const text = [content, params.title, params.nickname, params.signature]
    .filter((part): part is string => typeof part === 'string')
    .join('\n')
    .toLowerCase();
  const hits = riskyWords.filter((word) => word && text.includes(word.toLowerCase()));
  const suggest = hits.length > 0 ? 'risky' : 'pass';
  const label = hits.length > 0 ? LABEL_RISKY_WORD : LABEL_NORMAL;
  return {
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label },
    detail: [
      { strategy: 'content_model', errcode: 0, suggest, label, prob: 90 },
      // The platform reports a bare keyword entry when no keyword matched.
      ...(hits.length > 0
        ? hits.map((keyword) => ({ strategy: 'keyword', errcode: 0, suggest, label, level: 90, keyword }))
        : [{ strategy: 'keyword', errcode: 0 }]),
    ],
    trace_id: requestId(clock),
  };
}
