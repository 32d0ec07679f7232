import { InputRequiredSignal, ToolError } from '@mcp-catalog/shared';
import {
  CLIENT_CAPABILITIES_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  type ServerContext
} from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { requestRoots } from '../../src/roots.js';

/** The parts of a request's context that requestRoots reads. */
function request(envelope: Record<string, unknown> | undefined, inputResponses?: Record<string, unknown>) {
  return { mcpReq: { envelope, inputResponses } } as unknown as ServerContext;
}
const modern = (capabilities: Record<string, unknown>) => ({
  [PROTOCOL_VERSION_META_KEY]: '2026-07-28',
  [CLIENT_CAPABILITIES_META_KEY]: capabilities
});

describe('requestRoots', () => {
  it('leaves 2025-era requests and clients without roots to the connection scope', () => {
    expect(requestRoots(request(undefined))).toBeUndefined();
    expect(requestRoots(request(modern({})))).toBeUndefined();
  });

  it('asks for the roots on the first round', () => {
    let thrown: unknown;
    try {
      requestRoots(request(modern({ roots: {} })));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputRequiredSignal);
    expect((thrown as InputRequiredSignal).result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { roots: { method: 'roots/list' } }
    });
  });

  it('returns the string URIs of the answer, at most 100, dropping malformed entries', () => {
    const roots = [
      { uri: 'file:///a' },
      { uri: 7 },
      null,
      'file:///b',
      ...Array.from({ length: 200 }, () => ({ uri: 'file:///c' }))
    ];
    const uris = requestRoots(request(modern({ roots: {} }), { roots: { roots } }));
    expect(uris?.[0]).toBe('file:///a');
    expect(uris).toHaveLength(97);
    expect(uris?.every((uri) => typeof uri === 'string')).toBe(true);
  });

  it('refuses an answer that is not a roots list', () => {
    expect(() => requestRoots(request(modern({ roots: {} }), { roots: { nonsense: true } }))).toThrow(ToolError);
  });
});
