/**
 * Where a user's uploads live in cloud storage: under their own OPENID. Storage lets only a file's
 * creator write it (仅创建者可读写), and the cloud function accepts a file only from this folder of
 * the caller's own, so nobody can attach — and so be shown — someone else's proof or photo.
 */
const ROOT = 'uploads';

/** `uploads/<openid>/<relative>`, e.g. `uploads/o-abc/tickets/x1y2.jpg`. */
export function uploadPath(openid: string, relative: string): string {
  return `${ROOT}/${openid}/${relative}`;
}

/** The OPENID whose folder a cloud path is in, if it is in one. */
export function uploaderOf(cloudPath: string): string | undefined {
  const [root, openid] = cloudPath.split('/');
  return root === ROOT && openid ? openid : undefined;
}

/** The env and the cloud path of a file id `cloud://<env>.<bucket>/<path>`. */
export function parseFileId(fileId: string): { env: string; path: string } | undefined {
  const match = /^cloud:\/\/([^./]+)\.[^/]+\/(.+)$/.exec(fileId);
  return match ? { env: match[1], path: match[2] } : undefined;
}
