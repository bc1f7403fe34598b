import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Exit status of a child process that tried to connect anywhere. */
export const NETWORK_EXIT = 97;

/**
 * Writes a script for `node --require` into `dir`: any connection attempt to a host (not a local
 * pipe: tsx talks to itself over one) or any fetch ends the process with NETWORK_EXIT.
 */
export function writeNoNetworkPreload(dir: string): string {
  const file = join(dir, 'no-network.js');
  writeFileSync(
    file,
    `const net = require('node:net');
const refuse = () => { process.stderr.write('NETWORK CALL\\n' + new Error().stack + '\\n'); process.exit(${NETWORK_EXIT}); };
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const pipe = typeof first === 'string' || (first !== null && typeof first === 'object' && 'path' in first && first.path);
  if (!pipe) refuse();
  return connect.apply(this, args);
};
globalThis.fetch = refuse;
`,
  );
  return file;
}
