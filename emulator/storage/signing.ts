import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type DownloadCheck = 'ok' | 'bad-signature' | 'expired';

/**
 * Signs upload authorizations and temp download URLs. The key lives in the data dir, so URLs
 * handed out before a restart keep working after it, as the real cloud's do.
 */
export class UrlSigner {
  private constructor(private readonly key: Buffer) {}

  static load(dir: string): UrlSigner {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'signing.key');
    try {
      return new UrlSigner(readFileSync(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(32);
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return new UrlSigner(key);
  }

  /** The `authorization` that `storage.getUploadMetadata` hands out and the PUT must carry. */
  uploadAuthorization(env: string, path: string): string {
    return `q-sign-algorithm=sha256&q-signature=${this.mac('put', env, path)}`;
  }

  verifyUpload(env: string, path: string, authorization: string | undefined): boolean {
    return authorization !== undefined && same(authorization, this.uploadAuthorization(env, path));
  }

  /** The query string of a temp URL valid until `expiresAtSeconds` (Unix seconds, emulator clock). */
  downloadQuery(env: string, path: string, expiresAtSeconds: number): string {
    return `sign=${this.mac('get', env, path, String(expiresAtSeconds))}&t=${expiresAtSeconds}`;
  }

  checkDownload(env: string, path: string, query: URLSearchParams, nowSeconds: number): DownloadCheck {
    const sign = query.get('sign');
    const t = query.get('t') ?? '';
    if (!sign || !/^\d{1,12}$/.test(t)) return 'bad-signature';
    if (!same(sign, this.mac('get', env, path, t))) return 'bad-signature';
    return Number(t) < nowSeconds ? 'expired' : 'ok';
  }

  private mac(...parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\n')).digest('hex');
  }
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
