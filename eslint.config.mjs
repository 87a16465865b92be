// Type-aware lint for every TypeScript file (apps, libs, tests, benchmarks); formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

/** The web app's screens, one folder per role; what two roles share lives outside them (components/, auth/, graphql/). */
const ROLES = ['admin', 'oversight', 'public', 'secretary', 'signin', 'unit'];

export default tseslint.config(
  { ignores: ['dist/**', '**/node_modules/**', 'coverage/**', 'apps/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Nest decorators and class-validator use classes with no members and empty constructors by design.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Nest and the store ports declare async methods that some implementations answer synchronously.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // End-to-end tests read GraphQL answers (JSON) by path; the shape is what they assert.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The write side, the domain and the read model know no transport: GraphQL and gRPC live in apps/.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/graphql', '@nestjs/apollo', '@grpc/*', '@nestjs/microservices'],
              message: 'Transports belong in apps/, not libs/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The rules of hooks and the React Compiler's checks; a missing effect dependency is an error, not a hint.
    files: ['apps/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  // A role's screens import no other role's: each role's bundle holds its own screens only.
  ...ROLES.map((role) => ({
    files: [`apps/web/src/screens/${role}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `(^|/)(screens/|\\.\\./)(${ROLES.filter((r) => r !== role).join('|')})(/|$)`,
              message: `A ${role} screen imports no other role's screens: move what they share out of the role folders (components/).`,
            },
          ],
        },
      ],
    },
  })),
  {
    // A file that grows past this is doing two things: split it (docs/architecture.md, "Dependency rules").
    // The domain's deciders are exempt: a decider is one aggregate's rules, read best in one piece.
    files: ['libs/**/*.ts'],
    ignores: ['libs/domain/src/!(common|testing)/!(*.spec).ts'],
    rules: { 'max-lines': ['error', 450] },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      // Keeps disableTypeChecked's parser options: plain scripts are not in the TypeScript project.
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    // The scripts are CommonJS that Node runs as they are, before any TypeScript is compiled.
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
