/** `npm run build`: function bundles, miniprogram_npm, and the runnable copy in build/miniprogram. */
import { buildFunctions, buildMiniprogram, packMiniprogramNpm } from './builder';

async function main(): Promise<void> {
  const started = Date.now();
  const bundles = await buildFunctions();
  for (const bundle of bundles) process.stdout.write(`function ${bundle.name}: ${(bundle.bytes / 1024).toFixed(1)} KiB\n`);
  await packMiniprogramNpm();
  await buildMiniprogram();
  process.stdout.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
