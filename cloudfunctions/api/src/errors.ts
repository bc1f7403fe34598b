import type { ErrorCode } from '../../../typings/api';

/** A refusal the caller should see as is: a code from the closed set and a Chinese sentence. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const forbidden = (message = '您没有权限进行此操作'): AppError => new AppError('FORBIDDEN', message);
export const notFound = (message = '要找的内容不存在或已删除'): AppError => new AppError('NOT_FOUND', message);
export const conflict = (message = '内容已被他人更新，请刷新后重试'): AppError => new AppError('CONFLICT', message);
