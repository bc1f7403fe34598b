import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * The instance worker as one plain JavaScript file, so instances run on plain Node as the cloud's
 * do: under tsx the function's own index.js would be transpiled too, hiding syntax the cloud's Node
 * rejects, and each instance would carry tsx's ~30 MB. It is written into the local cloud's data
 * folder, so a local cloud killed before it could clean up leaves nothing elsewhere.
 */
export class WorkerBundle {
  private path?: string;

  constructor(private readonly dir: string) {}

  /** Builds the bundle on first use (~50 ms). */
  get workerPath(): string {
    if (!this.path) {
      const { outputFiles } = buildSync({
        entryPoints: [join(__dirname, `worker${extname(__filename)}`)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: `node${process.versions.node.split('.')[0]}`,
        write: false,
        logLevel: 'error',
      });
      mkdirSync(this.dir, { recursive: true });
      this.path = join(this.dir, 'worker.js');
      writeFileSync(this.path, outputFiles[0].contents);
    }
    return this.path;
  }

  dispose(): void {
    if (this.path) rmSync(this.path, { force: true });
    this.path = undefined;
  }
}
