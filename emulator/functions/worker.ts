/**
 * One function instance: a child process forked by instance.ts with
 * argv `<index.js path> <clock offset ms>`. It requires the function once and then runs one
 * invocation at a time, as a cloud function instance does.
 */
import type { InvocationContext, InvokeMessage, ParentMessage, WorkerMessage } from './protocol';
import { installCloudClock, setClockOffset } from './worker-clock';

type Main = (event: unknown, context: unknown) => unknown;

const [indexPath = '', offsetArgument = '0'] = process.argv.slice(2);
installCloudClock(Number(offsetArgument));

// The environment as a plain object: the SDK reads about twenty variables on every database
// request, and each read of the real environment block cost microseconds (a tenth of a
// millisecond per request). Nothing here needs a write to reach the C library: the time zone is
// set when the instance is forked.
process.env = { ...process.env };

// The instance lives only as long as the local cloud that forked it, even if that one is killed hard.
process.on('disconnect', () => process.exit(0));

function send(message: WorkerMessage): void {
  process.send?.(message);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'clock') setClockOffset(message.clockOffsetMs);
  else void run(message);
});

let main: Main | undefined;
let loadError: string | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(indexPath) as { main?: unknown };
  if (typeof exported.main === 'function') main = exported.main as Main;
  else loadError = `${indexPath} does not export a main function`;
} catch (error) {
  console.error(error);
  loadError = describe(error);
}
send({ type: 'ready', loadError });

async function run(message: InvokeMessage): Promise<void> {
  for (const [key, value] of Object.entries(message.env)) {
    if (value === null) delete process.env[key];
    else process.env[key] = value;
  }
  setClockOffset(message.clockOffsetMs);
  try {
    if (!main) throw new Error(loadError ?? 'the function is not loaded');
    const result = await main(JSON.parse(message.event) as unknown, contextFor(message.context));
    // The cloud serialises with JSON; a function that returns nothing answers null.
    send({ type: 'result', id: message.id, ok: true, responseData: JSON.stringify(result ?? null) });
  } catch (error) {
    // The stack goes to the function's log (the local cloud's log), the message to the caller.
    console.error(error);
    send({ type: 'result', id: message.id, ok: false, message: describe(error) });
  }
}

function contextFor(data: InvocationContext): InvocationContext & { getRemainingTimeInMillis(): number } {
  const deadline = performance.now() + data.time_limit_in_ms;
  return { ...data, getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
