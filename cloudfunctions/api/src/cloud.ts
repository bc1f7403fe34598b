import * as cloud from 'wx-server-sdk';

// Work in whichever env the function is deployed to. The SDK's typings declare `env` as a
// string although the SDK documents this symbol for exactly this use.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };
