import { cloud } from './cloud';
import { AppError } from './errors';

interface SecCheckResult {
  result?: { suggest?: string };
}

/**
 * Content security (security.msgSecCheck v2) for text other people will read. Risky text is
 * refused before anything is saved; if the check itself is unavailable we refuse too, rather
 * than publish unchecked text.
 */
export async function assertSafeText(openid: string, content: string): Promise<void> {
  if (!content.trim()) return;
  let answer: SecCheckResult;
  try {
    answer = (await cloud.openapi.security.msgSecCheck({ content, version: 2, scene: 1, openid })) as SecCheckResult;
  } catch (error) {
    console.error('msgSecCheck failed', error);
    throw new AppError('INTERNAL', '内容安全检查暂时不可用，请稍后再试');
  }
  if (answer.result?.suggest !== 'pass') throw new AppError('VALIDATION', '内容含有不适宜的信息，请修改后再提交');
}
