/**
 * The local cloud's own memory, for benchmarks: it holds every env's documents in one JavaScript
 * heap (about 1.3 GB for the scale bench's company), so its garbage collections are pauses of the stand-in,
 * not of the product, whose data lives in the cloud database. The pauses are counted
 * (`GET /_emulator/gc`), so a benchmark can tell them from the product's time.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export interface GcFigures {
  /** Pauses of the main thread since start, and their total and longest (ms). */
  pauses: number;
  totalMs: number;
  longestMs: number;
  /** Full (mark-compact) collections among them. */
  full: number;
  heapUsedMiB: number;
  /** The heap's spaces in use (MiB): where the heap is (large objects are big arrays and strings). */
  spacesMiB: Record<string, number>;
}

const figures = { pauses: 0, totalMs: 0, longestMs: 0, full: 0 };
let observing = false;

/** Starts counting the pauses (once). */
export function observeGc(): void {
  if (observing) return;
  observing = true;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      figures.pauses += 1;
      figures.totalMs += entry.duration;
      figures.longestMs = Math.max(figures.longestMs, entry.duration);
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) figures.full += 1;
    }
  }).observe({ entryTypes: ['gc'] });
}

export function gcFigures(): GcFigures {
  observeGc();
  const spacesMiB = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name.replace(/_space$/, ''), Math.round(space.space_used_size / 2 ** 20)]));
  return { ...figures, totalMs: Math.round(figures.totalMs), longestMs: Math.round(figures.longestMs), heapUsedMiB: Math.round(getHeapStatistics().used_heap_size / 2 ** 20), spacesMiB };
}

/**
 * A full collection now, when the local cloud runs with `--expose-gc` (the scale bench starts it
 * so, and collects before each row: a collection of its 1.3 GB heap is the stand-in's pause, so
 * it is taken between the rows rather than inside one). False when it cannot.
 */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  return true;
}
