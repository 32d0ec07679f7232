import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', 'scripts/templates/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      // stdout is the JSON-RPC channel in stdio mode; server code logs through shared/log (stderr).
      'no-console': ['error', { allow: ['error', 'warn'] }]
    }
  },
  {
    files: ['scripts/**', '**/bench/**', '**/test/**'],
    rules: { 'no-console': 'off' }
  },
  {
    // A server's domain folders (src/<domain>/: the database, API client, store, browser) know
    // nothing of MCP, so they can be tested and reused without it; only the top-level files and the
    // tools/, resources/, prompts/ and mcp/ folders speak the protocol.
    files: ['servers/*/src/**/*.ts'],
    ignores: ['servers/*/src/*.ts', 'servers/*/src/{tools,resources,prompts,mcp}/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@modelcontextprotocol/*'],
              message:
                'Domain code must not depend on MCP types: return plain values or throw domain errors, and translate them in src/tools, src/resources, src/prompts or src/mcp.'
            }
          ]
        }
      ]
    }
  }
);
