// Vitest setup file (`setupFiles: ['@mcp-catalog/shared/testing/network-jail']`, which the base
// config in @mcp-catalog/shared/vitest adds): any test that tries to reach a non-loopback address
// fails, even when the code under test swallowed the connection error.
import { afterAll, afterEach } from 'vitest';
import { describeViolations, installNetworkJail } from './network-jail.js';

const jail = installNetworkJail();

function check(): void {
  const violations = jail.takeViolations();
  if (violations.length) throw new Error(describeViolations(violations));
}

afterEach(check);
afterAll(check);
