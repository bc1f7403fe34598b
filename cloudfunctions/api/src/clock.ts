/**
 * The one clock of the cloud side. Business rules read time here, never `new Date()` directly,
 * so tests move one thing (the local cloud moves it for function processes).
 */
export function now(): Date {
  return new Date();
}
