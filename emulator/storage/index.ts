import type { Service, ServiceContext } from '../service';

export function createStorageService(_context: ServiceContext): Service {
  return {};
}
