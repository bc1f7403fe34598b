import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advanceClock, localCloudUrl, sdkFor, uniqueEnv } from '../support/cloud';
import { killableCloud } from '../support/local-cloud';

const env = uniqueEnv('storage');
const otherEnv = uniqueEnv('storage-other');
const cloud = sdkFor(env);
const openid = 'o-storage-owner';

/** Every byte value, so no encoding step can go unnoticed. */
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

interface TempFile {
  fileID: string;
  tempFileURL: string;
  status: number;
  maxAge: number;
  errMsg: string;
}

interface SdkError {
  errCode: number;
  errMsg: string;
}

async function tempUrls(fileList: (string | { fileID: string; maxAge: number })[], targetEnv = env): Promise<TempFile[]> {
  const result = (await cloud.getTempFileURL({ fileList, config: { env: targetEnv } } as Parameters<typeof cloud.getTempFileURL>[0])) as {
    fileList: TempFile[];
  };
  return result.fileList;
}

async function deleteFiles(fileList: string[]): Promise<{ fileID: string; status: number }[]> {
  const result = (await cloud.deleteFile({ fileList })) as { fileList: { fileID: string; status: number }[] };
  return result.fileList;
}

async function caught(promise: Promise<unknown>): Promise<SdkError & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError & { code?: string };
  }
  throw new Error('expected the call to fail');
}

/** The mini-program's `wx.cloud.uploadFile`, as the page tests and the preview reach it. */
async function clientUpload(cloudPath: string, body: Buffer, as = openid): Promise<Record<string, unknown>> {
  const url = new URL('/client/uploadFile', localCloudUrl());
  url.search = new URLSearchParams({ env, openid: as, cloudPath }).toString();
  const response = await fetch(url, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/octet-stream' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function clientTempUrls(fileList: string[]): Promise<{ fileList: TempFile[] }> {
  const response = await fetch(`${localCloudUrl()}/client/getTempFileURL?env=${env}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, fileList }),
  });
  return (await response.json()) as { fileList: TempFile[] };
}

async function fetchBytes(url: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

describe('cloud storage through the real SDK', () => {
  test('a binary Buffer under a path with spaces and Chinese comes back byte for byte', async () => {
    const cloudPath = 'tickets/报修 照片/全部 字节.bin';
    const uploaded = await cloud.uploadFile({ cloudPath, fileContent: allBytes });
    expect(uploaded.fileID).toMatch(new RegExp(`^cloud://${env}\\.[^/]+/tickets/报修 照片/全部 字节\\.bin$`));

    const downloaded = await cloud.downloadFile({ fileID: uploaded.fileID });
    expect(downloaded.fileContent.equals(allBytes)).toBe(true);

    const [link] = await tempUrls([uploaded.fileID]);
    expect(link).toMatchObject({ fileID: uploaded.fileID, status: 0, errMsg: 'ok' });
    const fetched = await fetchBytes(link.tempFileURL);
    expect(fetched.status).toBe(200);
    expect(fetched.type).toBe('application/octet-stream');
    expect(fetched.body.equals(allBytes)).toBe(true);
  });

  test('a ReadStream uploads the file’s bytes, served with a content type from the extension', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-test-'));
    try {
      const source = join(dir, 'note.txt');
      const text = Buffer.from('业主报修：厨房水管漏水\nline two\n', 'utf8');
      writeFileSync(source, text);
      const uploaded = await cloud.uploadFile({ cloudPath: 'notes/漏水 说明.txt', fileContent: createReadStream(source) });

      const downloaded = await cloud.downloadFile({ fileID: uploaded.fileID });
      expect(downloaded.fileContent.equals(text)).toBe(true);
      const [link] = await tempUrls([{ fileID: uploaded.fileID, maxAge: 120 }]);
      expect(link.maxAge).toBe(120);
      const fetched = await fetchBytes(link.tempFileURL);
      expect(fetched.type).toBe('text/plain; charset=utf-8');
      expect(fetched.body.equals(text)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('uploading to an existing path replaces the file', async () => {
    const first = await cloud.uploadFile({ cloudPath: 'replace/me.bin', fileContent: Buffer.from('first') });
    const second = await cloud.uploadFile({ cloudPath: 'replace/me.bin', fileContent: Buffer.from('second version') });
    expect(second.fileID).toBe(first.fileID);
    const downloaded = await cloud.downloadFile({ fileID: first.fileID });
    expect(downloaded.fileContent.toString()).toBe('second version');
  });

  test('a deleted file can no longer be downloaded, linked or fetched', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'delete/me.png', fileContent: allBytes });
    const [before] = await tempUrls([fileID]);
    expect((await fetchBytes(before.tempFileURL)).type).toBe('image/png');

    expect(await deleteFiles([fileID])).toEqual([{ fileID, status: 0, errMsg: 'ok' }]);

    const error = await caught(cloud.downloadFile({ fileID }));
    expect(error.errCode).toBe(-1);
    expect(error.errMsg).toContain('file not exist');
    const [after] = await tempUrls([fileID]);
    expect(after).toMatchObject({ fileID, status: -503003, tempFileURL: '' });
    expect((await fetchBytes(before.tempFileURL)).status).toBe(404);
    expect(await deleteFiles([fileID])).toEqual([{ fileID, status: -503003, errMsg: 'storage file not exists' }]);
  });

  test('a temp URL stops working once the cloud clock passes its expiry', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'expiry/short.bin', fileContent: allBytes });
    const [link] = await tempUrls([{ fileID, maxAge: 30 }]);
    expect((await fetchBytes(link.tempFileURL)).status).toBe(200);
    await advanceClock(31_000);
    const expired = await fetchBytes(link.tempFileURL);
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toContain('<Code>AccessDenied</Code>');
    const [fresh] = await tempUrls([fileID]);
    expect((await fetchBytes(fresh.tempFileURL)).body.equals(allBytes)).toBe(true);
  });

  test('a forged or stretched signature is refused', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'forged/secret.bin', fileContent: allBytes });
    const [link] = await tempUrls([fileID]);
    const url = new URL(link.tempFileURL);
    const sign = url.searchParams.get('sign')!;

    const forged = new URL(url);
    forged.searchParams.set('sign', `${sign[0] === 'a' ? 'b' : 'a'}${sign.slice(1)}`);
    expect((await fetchBytes(forged.href)).status).toBe(403);

    const stretched = new URL(url);
    stretched.searchParams.set('t', String(Number(url.searchParams.get('t')) + 86_400));
    expect((await fetchBytes(stretched.href)).status).toBe(403);

    const otherFile = new URL(url);
    otherFile.pathname = otherFile.pathname.replace('secret.bin', 'other.bin');
    expect((await fetchBytes(otherFile.href)).status).toBe(403);

    const unsigned = new URL(url);
    unsigned.search = '';
    expect((await fetchBytes(unsigned.href)).status).toBe(403);
  });

  test('an upload without the authorization from getUploadMetadata is refused', async () => {
    const response = await fetch(`${localCloudUrl()}/cos/${env}/sneaky.txt`, { method: 'PUT', body: 'hello' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const [link] = await tempUrls([`cloud://${env}.x/sneaky.txt`]);
    expect(link.status).toBe(-503003);
  });

  test('cloud paths that could escape or that the platform forbids are refused', async () => {
    for (const cloudPath of ['', 'a/../b.txt', '../b.txt', '/rooted.txt', 'double//slash.txt', 'x'.repeat(851), 'dir/', 'q?.txt']) {
      const error = await caught(cloud.uploadFile({ cloudPath, fileContent: Buffer.from('x') }));
      expect(error.errCode).toBe(-1);
      expect(error.errMsg).toMatch(/^uploadFile:fail .*cloudPath/);
    }
    await expect(cloud.uploadFile({ cloudPath: 'x'.repeat(850), fileContent: Buffer.from('x') })).resolves.toMatchObject({
      errMsg: 'uploadFile:ok',
    });
  });

  test('files uploaded from the mini-program are read by the server SDK', async () => {
    const answer = await clientUpload('owners/o-storage-owner/身份证 正面.jpg', allBytes);
    expect(answer).toMatchObject({ errMsg: 'cloud.uploadFile:ok' });
    const fileID = answer.fileID as string;
    expect(fileID).toMatch(new RegExp(`^cloud://${env}\\.`));

    const downloaded = await cloud.downloadFile({ fileID });
    expect(downloaded.fileContent.equals(allBytes)).toBe(true);

    const { fileList } = await clientTempUrls([fileID, `cloud://${env}.x/missing.jpg`]);
    expect(fileList[0]).toMatchObject({ fileID, status: 0 });
    expect(fileList[1]).toMatchObject({ status: -503003, tempFileURL: '' });
    const fetched = await fetchBytes(fileList[0].tempFileURL);
    expect(fetched.type).toBe('image/jpeg');
    expect(fetched.body.equals(allBytes)).toBe(true);
  });

  test('the mini-program upload refuses files over 50 MB and bad paths, storing nothing', async () => {
    const tooBig = await clientUpload('big/video.mp4', Buffer.alloc(50 * 1024 * 1024 + 1));
    expect(tooBig.errCode).toBe(-503001);
    expect(tooBig.errMsg).toMatch(/^cloud\.uploadFile:fail .*50 MB/);
    const { fileList } = await clientTempUrls([`cloud://${env}.x/big/video.mp4`]);
    expect(fileList[0].status).toBe(-503003);

    const escaping = await clientUpload('../etc/passwd', Buffer.from('x'));
    expect(escaping).toMatchObject({ errCode: -501007 });

    const anonymous = await clientUpload('who.txt', Buffer.from('x'), '');
    expect(anonymous).toMatchObject({ errCode: -501007 });
  });

  test('envs are isolated: a file of one env is invisible to another', async () => {
    const mine = await cloud.uploadFile({ cloudPath: 'shared/name.txt', fileContent: Buffer.from('env one') });
    const theirs = await cloud.uploadFile({
      cloudPath: 'shared/name.txt',
      fileContent: Buffer.from('env two'),
      config: { env: otherEnv },
    } as Parameters<typeof cloud.uploadFile>[0]);
    expect(theirs.fileID).not.toBe(mine.fileID);

    expect((await cloud.downloadFile({ fileID: mine.fileID })).fileContent.toString()).toBe('env one');
    const crossed = await tempUrls([mine.fileID], otherEnv);
    expect(crossed[0].status).toBe(-503003);
    const [link] = await tempUrls([theirs.fileID], otherEnv);
    expect((await fetchBytes(link.tempFileURL)).body.toString()).toBe('env two');
  });
});

/** This block runs a local cloud of its own: the shared one must not be killed. */
describe('after the local cloud is killed', () => {
  const cloudUnderTest = killableCloud('storage');

  test('acknowledged uploads and deletions survive SIGKILL, and temp URLs stay valid', async () => {
    const kept = await cloud.uploadFile({ cloudPath: 'durable/保留 的.bin', fileContent: allBytes });
    const replaced = await cloud.uploadFile({ cloudPath: 'durable/replaced.txt', fileContent: Buffer.from('old') });
    await cloud.uploadFile({ cloudPath: 'durable/replaced.txt', fileContent: Buffer.from('new') });
    const gone = await cloud.uploadFile({ cloudPath: 'durable/gone.bin', fileContent: allBytes });
    await deleteFiles([gone.fileID]);
    const [link] = await tempUrls([kept.fileID]);

    await cloudUnderTest.killAndRestart();

    expect((await cloud.downloadFile({ fileID: kept.fileID })).fileContent.equals(allBytes)).toBe(true);
    expect((await cloud.downloadFile({ fileID: replaced.fileID })).fileContent.toString()).toBe('new');
    expect((await tempUrls([gone.fileID]))[0].status).toBe(-503003);
    // A URL signed before the crash still opens the file (the cloud now listens on another port).
    const signed = new URL(link.tempFileURL);
    const reopened = await fetchBytes(`${cloudUnderTest.current().url}${signed.pathname}${signed.search}`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.equals(allBytes)).toBe(true);
  });
});
