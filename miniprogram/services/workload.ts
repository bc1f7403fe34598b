/**
 * What waits for a staff member (`staff.workload`): the 工作台 tab's badge and the workbench's
 * counts. Each tab page has its own tab bar, so the latest answer is kept and pushed to every one.
 */
import type { Workload } from '../../typings/alerts';
import { call } from './api';

export type WorkloadListener = (workload: Workload) => void;

let latest: Workload | undefined;
/** A request on its way: the tab bar and the workbench both ask when the 工作台 shows, and share it. */
let inFlight: Promise<Workload> | undefined;
const listeners = new Set<WorkloadListener>();

/** Asks the cloud (or joins the request already asking); every tab bar and the workbench hear the answer. */
export function refreshWorkload(): Promise<Workload> {
  inFlight ??= call('staff.workload', {})
    .then((workload) => {
      latest = workload;
      for (const listener of [...listeners]) listener(workload);
      return workload;
    })
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
}

export const lastWorkload = (): Workload | undefined => latest;

/** Calls `listener` with every new workload; returns the unsubscribe function. */
export function onWorkloadChange(listener: WorkloadListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
