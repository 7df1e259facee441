import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const noTokenOnlySession = ['next-auth', 'next-auth/next'].map((name) => ({
  name,
  importNames: ['getServerSession'],
  message: 'Use the guards of @/server/auth (withMerchantRoute, requireMerchant…): they check the session against the database.',
}));

// Links prefetch on intent (components/ui/link.tsx), not on sight: viewport prefetching made every
// panel page view render twenty-odd other pages on the server.
const linkOnIntent = { name: 'next/link', message: "Import Link from '@/components/ui/link': it prefetches on hover or focus, not on sight." };

const config = [
  ...next,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', 'db/migrations/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Every route handler and page reads the session through server/auth's database-checked guards
    // (withMerchantRoute / requireMerchant …): next-auth's signed token alone outlives a removed user.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['server/auth/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: noTokenOnlySession }],
    },
  },
  {
    files: ['app/**', 'components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noTokenOnlySession, linkOnIntent],
          patterns: [{ group: ['@/server/auth/session', '@/server/auth/options'], message: 'Use the guards of @/server/auth.' }],
        },
      ],
    },
  },
  {
    files: ['components/ui/link.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: noTokenOnlySession }] },
  },
  {
    // Client components get value lists from db/enums (no drizzle); db/schema never ships to a browser
    // (tests/client-bundle.test.ts scans the built chunks too). Row types may be imported as types.
    files: ['components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@/db/schema', allowTypeImports: true, message: 'Import value lists from @/db/enums: db/schema is server-only.' }] },
      ],
    },
  },
  {
    // Playwright's fixture `use` is not React's, and tests read loosely typed JSON responses.
    files: ['e2e/**', 'tests/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
];

export default config;
