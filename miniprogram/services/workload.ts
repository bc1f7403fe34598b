/**
 * What waits for a staff member (`staff.workload`): the 工作台 tab's badge and the workbench's
 * counts. Each tab page has its own tab bar, so the latest answer is kept and pushed to every one.
 */
import type { Workload } from '../../typings/alerts';
import { call } from './api';

export type WorkloadListener = (workload: Workload) => void;

let latest: Workload | undefined;
const listeners = new Set<WorkloadListener>();

/** Asks the cloud; every tab bar and the workbench hear the answer. */
export async function refreshWorkload(): Promise<Workload> {
  const workload = await call('staff.workload', {});
  latest = workload;
  for (const listener of [...listeners]) listener(workload);
  return workload;
}

export const lastWorkload = (): Workload | undefined => latest;

/** Calls `listener` with every new workload; returns the unsubscribe function. */
export function onWorkloadChange(listener: WorkloadListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
