// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Module boundaries (docs/architecture.md#layers): who may import whom. */
const boundary = (/** @type {string} */ forbiddenRegex, /** @type {string} */ why) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex: forbiddenRegex, message: why }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'web/dist/**', 'coverage/**'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: boundary(
      '((?<!domain)/(db|services|http|gateway|cli|config|demo)/)|^(node:(fs|net|http|child_process)|pg|@electric-sql/.*|hono(/.*)?)$',
      'src/domain is pure: it imports only src/domain (no I/O, no db, no http).',
    ),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: boundary(
      // domain/gateway and services/gateway are the gateway's pure rules and use cases, not src/gateway.
      '((?<!domain|services)/(http|gateway|cli|demo)/)|^hono(/.*)?$',
      'src/services imports src/domain and src/db only.',
    ),
  },
  {
    // The browser console imports the contracts: nothing that needs a server may reach them
    // (test/import-graph.test.ts follows every path, through the domain too).
    files: ['src/contracts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...boundary(
        '^(?!zod$|yaml$|\\./|\\.\\./domain/)',
        'src/contracts is shared with the browser: it imports only zod, yaml, other contracts and the pure src/domain (OpenAPI metadata goes through .meta(), read by @hono/zod-openapi).',
      ),
      // .openapi() exists only once the server has loaded @hono/zod-openapi: in the browser
      // it is undefined, so a contract calling it fails there at load time.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='openapi']",
          message: "use .meta({ id: 'Name', example, description, param }) in src/contracts",
        },
      ],
    },
  },
  {
    files: ['src/http/**/*.ts', 'src/gateway/**/*.ts', 'src/cli/**/*.ts'],
    rules: boundary(
      '/domain/(?!shared/)|/db/migrations/',
      'http, gateway and cli go through src/services and src/contracts; of the domain only src/domain/shared (errors) is theirs.',
    ),
  },
  {
    // The demo seeder sits above the services and drives them as a client would.
    files: ['src/demo/**/*.ts'],
    rules: boundary(
      // `../gateway/` is src/gateway; `../services/gateway/` (the gateway's services) is allowed.
      '(^|/)\\.\\./(http|gateway|cli)/|/domain/(?!shared/)|/db/migrations/|/services/[^/]+/(?!index\\.ts$)',
      'src/demo uses the services through their index files (src/services/<module>/index.ts); of the domain only src/domain/shared is its.',
    ),
  },
  {
    // The web console: React's hook rules, and it reaches the server only over HTTP (the
    // contracts and the pure shared domain come in through the @contracts / @domain-shared
    // aliases).
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      ...boundary(
        '^(\\.\\./)+(src|test|scripts|bench)/|^node:',
        'web/src runs in the browser: import the contracts through @contracts/… and the shared domain through @domain-shared/…, nothing of the server.',
      ),
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'max-lines': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
