// `node --import @mcp-catalog/shared/testing/network-jail-register script.mjs` (or in NODE_OPTIONS
// for child processes): the network jail for demos and benchmarks. A refused attempt is reported
// on stderr at once and makes the process exit non-zero.
import { describeViolations, installNetworkJail } from './network-jail.js';

installNetworkJail({
  onViolation(violation) {
    process.stderr.write(`${describeViolations([violation])}\n`);
    process.exitCode = 1;
  }
});
