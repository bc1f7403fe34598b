import { join } from 'node:path';
import type { Service, ServiceContext } from '../service';
import { storageHandlers } from './admin';
import { clientRoutes } from './client';
import type { StorageCore } from './core';
import { FileStore } from './files';
import { objectRoutes } from './objects';
import { UrlSigner } from './signing';

/** Cloud storage: the SDK's storage actions, the COS-like object URLs, and the mini-program's uploads. */
export function createStorageService(context: ServiceContext): Service {
  const root = join(context.dataDir, 'storage');
  const core: StorageCore = { context, files: new FileStore(root), signer: UrlSigner.load(root) };
  return {
    handlers: storageHandlers(core),
    routes: [...objectRoutes(core), ...clientRoutes(core)],
    close: () => core.files.close(),
  };
}
