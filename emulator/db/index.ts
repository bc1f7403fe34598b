import type { Service, ServiceContext } from '../service';

export function createDatabaseService(_context: ServiceContext): Service {
  return {};
}
