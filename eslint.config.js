import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Role checks belong to the policy module (app/policy.ts): nowhere else compares roles by hand.
const ROLE_CHECK = {
  selector:
    "BinaryExpression[operator=/^[!=]==$/][left.property.name='role'][right.value=/^(coordinator|caseworker|partner)$/]",
  message: 'Check permissions with can()/requirePermission() from the policy module, not by comparing roles.',
}
// request.formData() throws a TypeError (a 500) on a body that is not a form, and has no size limit.
const BARE_FORM_DATA = {
  selector: "CallExpression[callee.property.name='formData'][arguments.length=0]",
  message: 'Read a posted form with readForm(request) from #app/utils/forms.server.ts.',
}
const ZOD = {
  name: 'zod',
  message: "Import z from '#app/utils/zod.ts': it sets the app's messages for checks without one.",
}

export default tseslint.config(
  {
    ignores: [
      '.react-router/**',
      'build/**',
      'node_modules/**',
      '.data/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', ROLE_CHECK, BARE_FORM_DATA],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/utils/zod.ts', 'app/utils/env.server.ts'],
    rules: { 'no-restricted-imports': ['error', ZOD] },
  },
  {
    // Pages ask the domain (app/modules); they never query the database themselves.
    files: ['app/routes/**/*.{ts,tsx}', 'app/components/**/*.{ts,tsx}', 'app/pages/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ZOD,
            {
              name: '#db/client.server.ts',
              message: 'Call a function of app/modules: it scopes, authorises and audits.',
            },
            { name: 'drizzle-orm', message: 'Call a function of app/modules: it scopes, authorises and audits.' },
          ],
        },
      ],
    },
  },
  {
    // The domain knows nothing of HTTP: no router, no Response. It throws AppErrors, which the edge
    // (app/utils/error-answers.server.ts) answers with their status; page glue lives in app/pages.
    files: ['app/modules/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ZOD, { name: 'react-router', message: 'HTTP belongs to app/pages and app/routes, not the domain.' }],
          patterns: [
            { group: ['@react-router/*'], message: 'HTTP belongs to app/pages and app/routes, not the domain.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ROLE_CHECK,
        BARE_FORM_DATA,
        {
          selector: "NewExpression[callee.name='Response']",
          message: 'Throw an AppError (#app/utils/errors.ts): the edge answers it with its status.',
        },
      ],
    },
  },
  {
    // The policy module itself, the seed and the data layer may name roles.
    files: ['app/policy.ts', 'db/**', 'tests/**', 'scripts/**', 'app/modules/auth/session.server.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
