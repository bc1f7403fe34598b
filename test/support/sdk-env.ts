import { pointSdkAtLocalCloud } from './cloud';

/**
 * Points the unmodified wx-server-sdk of a test file at the local cloud. The "inside the
 * cloud" variables also stop the SDK from probing Tencent's metadata host before each call.
 */
if (!process.env.LOCAL_CLOUD_URL) throw new Error('LOCAL_CLOUD_URL is not set: run tests through jest with the global setup');
pointSdkAtLocalCloud();
