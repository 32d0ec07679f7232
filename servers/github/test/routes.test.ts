import { describe, expect, it } from 'vitest';
import {
  decodedForms,
  ownerProblem,
  ownerSchema,
  pathProblem,
  refProblem,
  repoProblem,
  ROUTES
} from '../src/github/routes.js';
import { HOSTILE } from './helpers/hostile.js';

describe('owner', () => {
  it.each(['octo', 'a', 'Octo-Cat', 'x'.repeat(39), 'a1-b2-c3'])('accepts %j', (v) =>
    expect(ownerProblem(v)).toBeUndefined()
  );
  it.each(['-octo', 'octo-', 'oc--to', 'x'.repeat(40), 'oc_to', 'oc.to', ...HOSTILE])('refuses %j', (v) =>
    expect(ownerProblem(v)).toBeDefined()
  );
  it('the schema names the argument and the rule', () => {
    const result = ownerSchema.safeParse('..');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^owner may contain only/);
  });
});

describe('repo', () => {
  it.each(['app', 'my.repo', 'a_b-c', '.github', 'x'.repeat(100), '...'])('accepts %j', (v) =>
    expect(repoProblem(v)).toBeUndefined()
  );
  it.each(['x'.repeat(101), 'a b', 'a/b', ...HOSTILE.filter((h) => h !== '...')])('refuses %j', (v) =>
    expect(repoProblem(v)).toBeDefined()
  );
});

describe('ref (git check-ref-format)', () => {
  it.each([
    'main',
    'feature/x',
    'v1.2.0',
    'refs/heads/main',
    'release-2026.11',
    'a'.repeat(40),
    'user/name/topic',
    'héllo'
  ])('accepts %j', (v) => expect(refProblem(v)).toBeUndefined());
  it.each([
    'a..b',
    '.hidden',
    'a/.b',
    'x.lock',
    'a/b.lock/c',
    'a/',
    '/a',
    'a//b',
    'a.',
    'a@{1}',
    '@',
    'a b',
    'a~1',
    'a^',
    'a:b',
    'a*',
    'a[',
    'a\\b',
    'x'.repeat(256),
    'feature%2e%2e',
    'a%2F..%2Fb',
    ...HOSTILE.filter((h) => !['&', 'a&per_page=100', '#', 'a#frag', 'ａｐｐ', 'аpp'].includes(h))
  ])('refuses %j', (v) => expect(refProblem(v)).toBeDefined());
  it('says when the problem appears only after decoding', () => {
    expect(refProblem('%2e%2e')).toMatch(/once percent-decoded/);
  });
});

describe('path', () => {
  it.each([
    'README.md',
    'src/index.ts',
    'a b/c d.txt',
    '.github/workflows/ci.yml',
    'dir/...',
    'a?b',
    'ünïcode/файл.md'
  ])('accepts %j', (v) => expect(pathProblem(v)).toBeUndefined());
  it.each([
    '',
    '/etc/passwd',
    'a//b',
    'a/',
    './a',
    'a/./b',
    '..',
    'a/..',
    'a/../b',
    '%2e%2e',
    'a/%2e%2e/b',
    'a%2F..%2Fb',
    '%252e%252e/x',
    '%25252e%25252e',
    '%2F%2Fevil',
    'a\\b',
    'a\u0000',
    'a\u202eb',
    '%00',
    'x'.repeat(1025),
    '%zz'
  ])('refuses %j', (v) => expect(pathProblem(v)).toBeDefined());
});

describe('decodedForms', () => {
  it('lists every layer of encoding', () => {
    expect(decodedForms('%252e')).toEqual(['%252e', '%2e', '.']);
  });
  it('gives up on encodings nested past a few rounds', () => {
    expect(decodedForms('%2525252525252e')).toBeUndefined();
  });
});

describe('ROUTES', () => {
  it('are constant method + path templates with no absolute URL', () => {
    for (const route of Object.values(ROUTES)) {
      expect(route).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/[a-z/{}A-Z_-]*$/);
      expect(route).not.toMatch(/\{\+|:\/\//);
    }
  });
});
