import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ResourceMissing,
  ToolError,
  defineServer,
  defineSettings,
  forServer,
  pageInput,
  pageOf,
  pageOutput,
  selectTools,
  setting
} from '../src/index.js';
import { ConfigError } from '../src/runtime/config.js';
import {
  checkSnapshots,
  checkSwitches,
  checkToolDeclarations,
  connectManifest,
  loadManifestConfig
} from '../src/testing/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';

const settings = defineSettings('note-pad', {
  maxNotes: setting(z.number().int().min(1).max(100).default(10), {
    description: 'Most notes kept (default 10).',
    example: '20'
  }),
  apiKey: setting(z.string().min(8).optional(), {
    description: 'Key for the backend.',
    secret: true,
    env: ['NOTEPAD_KEY']
  }),
  allowDelete: setting(z.boolean().default(false), { description: 'Offer delete_note.' })
});
type Config = z.output<typeof settings.schema> & { readOnly: boolean };
interface Deps {
  notes: Map<string, string>;
}
const { defineTool, defineResource, definePrompt } = forServer<Config, Deps>();

const readNote = defineTool({
  name: 'read_note',
  title: 'Read a note',
  description: 'Use to read one note by its name; returns the text.',
  seeAlso: { write_note: 'to change it', delete_note: 'to remove it' },
  input: z.object({ noteName: z.string().min(1) }),
  output: z.object({ text: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    const text = deps.notes.get(args.noteName);
    if (text === undefined) throw new ToolError(`No note "${args.noteName}".`, { hint: 'List notes first.' });
    return { text, structured: { text } };
  }
});
const writeNote = defineTool({
  name: 'write_note',
  title: 'Write a note',
  description: 'Use to create or replace a note; the old text is lost.',
  input: z.object({ noteName: z.string().min(1), text: z.string() }),
  output: z.object({ bytes: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps, config }) {
    if (deps.notes.size >= config.maxNotes) throw new ToolError('Too many notes.');
    deps.notes.set(args.noteName, args.text);
    return { text: 'ok', structured: { bytes: args.text.length } };
  }
});
const deleteNote = defineTool({
  name: 'delete_note',
  title: 'Delete a note',
  description: 'Use to remove a note for good; read_note it first if you may need it.',
  input: z.object({ noteName: z.string() }),
  output: z.object({ deleted: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  enabled: (config) => config.allowDelete,
  async handler({ args, deps }) {
    return { text: 'done', structured: { deleted: deps.notes.delete(args.noteName) } };
  }
});
const listNotes = defineTool({
  name: 'list_notes',
  title: 'List notes',
  description: 'Use to see which notes exist, paged by name.',
  input: z.object({ ...pageInput({ defaultLimit: 2, maxLimit: 10 }) }),
  output: z.object({ names: z.array(z.string()), ...pageOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    const all = [...deps.notes.keys()].sort();
    const names = all.slice(args.offset, args.offset + args.limit);
    return { text: names.join('\n'), structured: { names, ...pageOf(args, names.length, all.length) } };
  }
});
const noteResource = defineResource({
  name: 'note',
  title: 'Note',
  description: 'One note as text.',
  uriTemplate: 'notes://{noteName}',
  variables: z.object({ noteName: z.string().regex(/^[a-z]+$/, 'lower-case letters only') }),
  mimeType: 'text/plain',
  read({ variables, deps, context, signal }) {
    if (variables.noteName === 'boom') throw new Error('db password=hunter2 exploded');
    // The read's own SDK context (a 2026-07-28 client's per-request state lives in its envelope).
    if (variables.noteName === 'context') return { text: `same signal: ${context.mcpReq.signal === signal}` };
    const text = deps.notes.get(variables.noteName);
    if (text === undefined) throw new ResourceMissing(`No note "${variables.noteName}".`);
    return { text };
  }
});
const summarize = definePrompt({
  name: 'summarize_note',
  title: 'Summarize a note',
  description: 'Asks for a summary of one note.',
  args: z.object({ noteName: z.string().min(1) }),
  handler({ args, deps }) {
    return {
      messages: [{ role: 'user', content: { type: 'text', text: `Summarize: ${deps.notes.get(args.noteName) ?? ''}` } }]
    };
  }
});

const manifest = defineServer<Config, Deps>({
  name: 'note-pad',
  version: '1.2.3',
  description: 'Notes for tests.',
  settings,
  instructions: 'A note pad.',
  toolsets: [
    {
      name: 'reading',
      description: 'Read notes',
      default: true,
      instructions: ({ isEnabled }) => (isEnabled('read_note') ? 'Read with read_note.' : ''),
      tools: [readNote, listNotes]
    },
    {
      name: 'writing',
      description: 'Change notes',
      default: true,
      instructions: ({ isEnabled }) =>
        `Write with write_note${isEnabled('delete_note') ? ', remove with delete_note' : ''}.`,
      tools: [writeNote, deleteNote]
    }
  ],
  resources: [noteResource],
  prompts: [summarize],
  createDeps: () => ({
    notes: new Map([
      ['alpha', 'first'],
      ['beta', 'second'],
      ['gamma', 'third']
    ])
  })
});

let open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const session of open) await session.close();
  open = [];
});
async function connect(argv: string[] = [], env: Record<string, string> = {}) {
  const session = await connectManifest<Deps>(manifest, { argv, env });
  open.push(session);
  return session;
}
const textOf = (result: { content: unknown }) => (result.content as Array<{ text: string }>)[0]!.text;

describe('settings declared once', () => {
  it('derives flags and env names from the key, keeps secrets out of argv, and applies defaults', () => {
    expect(settings.specs.maxNotes).toMatchObject({ flag: 'max-notes', env: ['NOTE_PAD_MAX_NOTES'], type: 'number' });
    expect(settings.specs.apiKey).toMatchObject({ env: ['NOTEPAD_KEY'], envOnly: true });
    const { config } = loadManifestConfig(manifest, {
      argv: ['--max-notes', '5'],
      env: { NOTEPAD_KEY: 'k'.repeat(9), NOTE_PAD_READ_ONLY: 'true' }
    });
    expect(config).toMatchObject({ maxNotes: 5, apiKey: 'k'.repeat(9), readOnly: true, allowDelete: false });
  });

  it('refuses a setting declared without metadata', () => {
    expect(() => defineSettings('x', { plain: z.string() })).toThrow(/was not declared with setting/);
  });

  it('suggests the flag an operator meant', () => {
    expect(() => loadManifestConfig(manifest, { argv: ['--max-note', '5'] })).toThrow(/Did you mean --max-notes\?/);
  });
});

describe('tool switches', () => {
  const names = (argv: string[]) => [...loadManifestConfig(manifest, { argv }).prepared.selection.enabled];

  it('offers the default toolsets, leaving out opt-in tools until the operator enables them', () => {
    expect(names([])).toEqual(['read_note', 'list_notes', 'write_note']);
    expect(names(['--allow-delete'])).toContain('delete_note');
  });

  it('--read-only drops every tool whose readOnlyHint is false, even one named with --tools', () => {
    expect(names(['--read-only', '--allow-delete', '--tools', 'write_note'])).toEqual(['read_note', 'list_notes']);
  });

  it('--toolsets picks sets, --tools adds single tools, --disable-tools wins over both', () => {
    expect(names(['--toolsets', 'reading'])).toEqual(['read_note', 'list_notes']);
    expect(names(['--toolsets', 'reading', '--tools', 'write_note'])).toEqual([
      'read_note',
      'list_notes',
      'write_note'
    ]);
    expect(names(['--toolsets', 'all', '--tools', 'write_note', '--disable-tools', 'write_note'])).toEqual([
      'read_note',
      'list_notes'
    ]);
  });

  it('refuses names that match nothing, with a suggestion, instead of silently offering something else', () => {
    const attempt = (argv: string[]) => {
      try {
        selectTools(manifest, loadManifestConfig(manifest, { argv: [] }).config as never);
        loadManifestConfig(manifest, { argv });
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    };
    expect(attempt(['--disable-tools', 'write_notes'])).toMatch(
      /"write_notes" is not a tool of this server\. Did you mean "write_note"\?/
    );
    expect(attempt(['--toolsets', 'readin'])).toMatch(/Did you mean "reading"/);
    expect(attempt(['--rate-limit', 'reed_note=1/min'])).toMatch(/Did you mean "read_note"/);
  });

  it('composes instructions and see-also sentences from enabled tools only', async () => {
    const session = await connect(['--read-only']);
    const instructions = session.client.getInstructions() ?? '';
    expect(instructions).toBe('A note pad. Read with read_note.');
    const { tools } = await session.client.listTools();
    const read = tools.find((tool) => tool.name === 'read_note')!;
    expect(read.description).not.toMatch(/write_note|delete_note/);
    const full = await connect(['--allow-delete']);
    const fullRead = (await full.client.listTools()).tools.find((tool) => tool.name === 'read_note')!;
    expect(fullRead.description).toMatch(/Use write_note to change it\. Use delete_note to remove it\.$/);
    expect(full.client.getInstructions()).toMatch(/remove with delete_note/);
  });
});

describe('definition-time rules', () => {
  const base = {
    name: 'get_thing',
    title: 'Get a thing',
    description: 'Use to get a thing by id for tests of rules.',
    output: z.object({ ok: z.boolean() }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: async () => ({ text: '', structured: { ok: true } })
  };
  it('refuses snake_case argument and output names, missing hints and bad tool names', () => {
    expect(() => defineTool({ ...base, input: z.object({ thing_id: z.string() }) })).toThrow(
      /argument names must be camelCase: thing_id/
    );
    expect(() =>
      defineTool({
        ...base,
        input: z.object({}),
        output: z.object({ items: z.array(z.object({ next_offset: z.number() })) }),
        handler: async () => ({ text: '', structured: { items: [] } })
      })
    ).toThrow(/output field names must be camelCase: items\[\]\.next_offset/);
    expect(() => defineTool({ ...base, name: 'thing', input: z.object({}) })).toThrow(/verb_noun/);
    expect(() => defineTool({ ...base, input: z.object({}), annotations: { readOnlyHint: true } as never })).toThrow(
      /destructiveHint must be stated/
    );
  });

  it('refuses a manifest whose see-also names a tool it lacks, or that lists a tool twice', () => {
    const stray = defineTool({ ...base, input: z.object({}), seeAlso: { list_things: 'for many' } });
    const make = (tools: never[]) => () =>
      defineServer({
        name: 'note-pad',
        version: '0',
        description: 'x',
        settings,
        instructions: 'x',
        createDeps: () => ({}),
        toolsets: [{ name: 'a', description: 'a', default: true, tools }]
      });
    expect(make([stray] as never[])).toThrow(/sees also "list_things", which this server lacks/);
    expect(make([readNote, readNote] as never[])).toThrow(/is in toolsets "a" and "a"/);
    const shadowing = defineSettings('note-pad', { host: setting(z.string().optional(), { description: 'x' }) });
    expect(() =>
      defineServer({ name: 'note-pad', version: '0', description: 'x', settings: shadowing, instructions: 'x', createDeps: () => ({}), toolsets: [] })
    ).toThrow(/setting "host" shadows the common setting/);
  });
});

describe('calls through the host', () => {
  it('hands handlers their args, config and deps, and pages with offset/limit -> nextOffset', async () => {
    const { client } = await connect();
    const first = await client.callTool({ name: 'list_notes', arguments: {} });
    expect(first.structuredContent).toEqual({ names: ['alpha', 'beta'], total: 3, nextOffset: 2 });
    const last = await client.callTool({ name: 'list_notes', arguments: { offset: 2 } });
    expect(last.structuredContent).toEqual({ names: ['gamma'], total: 3 });
    const missing = await client.callTool({ name: 'read_note', arguments: { noteName: 'zeta' } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe('No note "zeta".\nList notes first.');
  });

  it('maps resource errors: not found, invalid variables, and a redacted internal error, each logged once', async () => {
    const session = await connect();
    const read = await session.client.readResource({ uri: 'notes://alpha' });
    expect(read.contents[0]).toMatchObject({ uri: 'notes://alpha', text: 'first', mimeType: 'text/plain' });
    const context = await session.client.readResource({ uri: 'notes://context' });
    expect(context.contents[0]).toMatchObject({ text: 'same signal: true' });
    await expect(session.client.readResource({ uri: 'notes://zeta' })).rejects.toThrow(/No note "zeta"/);
    await expect(session.client.readResource({ uri: 'notes://Bad1' })).rejects.toThrow(/lower-case letters only/);
    const boom = session.client.readResource({ uri: 'notes://boom' });
    await expect(boom).rejects.toThrow(/resource note failed/);
    await expect(boom).rejects.not.toThrow(/hunter2/);
    const outcomes = session
      .logLines()
      .filter((line) => line.msg === 'resource call')
      .map((line) => line.outcome);
    expect(outcomes).toEqual(['ok', 'ok', 'not_found', 'invalid_arguments', 'internal_error']);
  });

  it('validates prompt arguments and runs the prompt', async () => {
    const { client } = await connect();
    const prompt = await client.getPrompt({ name: 'summarize_note', arguments: { noteName: 'beta' } });
    expect(JSON.stringify(prompt.messages)).toContain('Summarize: second');
    await expect(
      client.getPrompt({ name: 'summarize_note', arguments: { noteName: 'beta', extra: 'x' } })
    ).rejects.toThrow(/extra/);
  });
});

describe('the contract catches drift', () => {
  it('reports a changed, missing or orphaned schema snapshot', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'toolsnaps-'));
    expect(checkSnapshots(manifest, { snapshotDir: dir, updateSnapshots: true })).toEqual([]);
    expect(checkSnapshots(manifest, { snapshotDir: dir })).toEqual([]);
    writeFileSync(path.join(dir, 'read_note.json'), '{"name":"read_note"}\n');
    writeFileSync(path.join(dir, 'gone_tool.json'), '{}\n');
    const problems = checkSnapshots(manifest, { snapshotDir: dir });
    expect(problems.join('\n')).toMatch(/read_note: the tool's schema, description or annotations changed/);
    expect(problems.join('\n')).toMatch(/gone_tool.json: snapshot of a tool this server no longer has/);
  });

  it('reports instructions that name a tool the operator switched off', () => {
    const leaky = defineServer<Config, Deps>({ ...manifest, instructions: 'A note pad; write_note saves.' });
    expect(checkSwitches(manifest)).toEqual([]);
    expect(checkSwitches(leaky).join('\n')).toMatch(/--read-only: instructions names write_note/);
  });

  it('reports a tool declared by hand without the rules', () => {
    const handmade = { ...readNote, description: 'short', annotations: { readOnlyHint: true } };
    const broken = {
      ...manifest,
      toolsets: [{ name: 'x', description: 'x', default: true, tools: [handmade] }]
    } as never;
    const problems = checkToolDeclarations(broken).join('\n');
    expect(problems).toMatch(/destructiveHint must be stated/);
    expect(problems).toMatch(/description is 5 characters/);
  });
});
