import { findById, put } from './db';
import { AppError } from './errors';

interface RateDocument {
  _id: string;
  windowStart: Date;
  count: number;
}

/** Counts attempts per key in a fixed window; refuses with RATE_LIMITED past the limit. */
export async function checkRate(
  key: string,
  now: Date,
  { limit, windowMs }: { limit: number; windowMs: number },
  message: string,
): Promise<void> {
  const current = await findById<RateDocument>('rateLimits', key);
  const fresh = !current || now.getTime() - new Date(current.windowStart).getTime() >= windowMs;
  const count = fresh ? 1 : current.count + 1;
  if (!fresh && current.count >= limit) throw new AppError('RATE_LIMITED', message);
  await put('rateLimits', key, { windowStart: fresh ? now : current.windowStart, count });
}
