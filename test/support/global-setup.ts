import { startLocalCloud } from './local-cloud';

/** One local cloud for the whole run; each test file works in an env of its own. */
export default async function globalSetup(): Promise<void> {
  // Every local cloud of the run (this one, and those test files start: they inherit the
  // variable) refuses unindexed queries on large declared collections, as production would choke on them.
  process.env.LOCAL_CLOUD_STRICT_INDEXES = '1';
  const cloud = await startLocalCloud();
  process.env.LOCAL_CLOUD_URL = cloud.url;
  process.env.LOCAL_CLOUD_PID = String(cloud.pid);
  process.env.LOCAL_CLOUD_DATA = cloud.dataDir;
}
