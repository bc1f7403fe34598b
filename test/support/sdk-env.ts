/**
 * Points the unmodified wx-server-sdk of a test file at the local cloud. The "inside the
 * cloud" variables also stop the SDK from probing Tencent's metadata host before each call.
 */
const url = process.env.LOCAL_CLOUD_URL;
if (!url) throw new Error('LOCAL_CLOUD_URL is not set: run tests through jest with the global setup');
Object.assign(process.env, {
  TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
  TENCENTCLOUD_SECRETID: 'local',
  TENCENTCLOUD_SECRETKEY: 'local',
  TENCENTCLOUD_RUNENV: 'SCF',
  SCF_NAMESPACE: 'test',
  TENCENTCLOUD_REGION: 'ap-shanghai',
});
