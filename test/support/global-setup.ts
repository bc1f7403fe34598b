import { startLocalCloud } from './local-cloud';

/** One local cloud for the whole run; each test file works in an env of its own. */
export default async function globalSetup(): Promise<void> {
  const cloud = await startLocalCloud();
  process.env.LOCAL_CLOUD_URL = cloud.url;
  process.env.LOCAL_CLOUD_PID = String(cloud.pid);
  process.env.LOCAL_CLOUD_DATA = cloud.dataDir;
}
