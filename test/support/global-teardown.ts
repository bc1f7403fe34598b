import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.LOCAL_CLOUD_PID);
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const dataDir = process.env.LOCAL_CLOUD_DATA;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
