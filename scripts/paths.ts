import { join } from 'node:path';

/** Where things are, for the build, the tests and the tools. */
export const root = join(__dirname, '..');
export const functionsRoot = join(root, 'cloudfunctions');
export const miniprogramRoot = join(root, 'miniprogram');
/** The runnable copy of the mini-program that page tests and the preview load. */
export const builtMiniprogram = join(root, 'build', 'miniprogram');
