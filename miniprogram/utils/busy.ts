import { showError } from '../services/api';

/** A page whose data has a boolean `flag` that a button shows as busy. */
interface FlagHost<K extends string> {
  setData(data: Record<K, boolean>): void;
}

/**
 * Runs the call a button started with the page's `flag` set while it is on its way, and shows a
 * failure in a toast. Resolves with what `work` returned, or undefined when it failed.
 */
export async function whileBusy<K extends string, T>(page: FlagHost<K>, flag: K, work: () => Promise<T>): Promise<T | undefined> {
  page.setData({ [flag]: true } as Record<K, boolean>);
  try {
    return await work();
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    page.setData({ [flag]: false } as Record<K, boolean>);
  }
}
