import type { Service, ServiceContext } from '../service';

export interface FunctionServiceOptions {
  /** Folder whose sub-folders are cloud functions (each with index.js and optional config.json). */
  functionsDir: string;
}

export function createFunctionService(_context: ServiceContext, _options: FunctionServiceOptions): Service {
  return {};
}
