import type { Service, ServiceContext } from '../service';

export function createOpenApiService(_context: ServiceContext): Service {
  return {};
}
