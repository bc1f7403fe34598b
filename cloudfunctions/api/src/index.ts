import type { ApiResult } from '../../../typings/api';
import { dispatch } from './router';
import { routes } from './routes';

export async function main(event: unknown): Promise<ApiResult<unknown>> {
  return dispatch(routes, event);
}
