/**
 * Deployment settings of the mini-program. `cloudEnv` is the cloud development env id
 * (云开发环境 ID) the functions are deployed to; see README "Deploy".
 */
export const cloudEnv = 'property-service-desk';
