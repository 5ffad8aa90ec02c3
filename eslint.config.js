import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

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
      // Role checks belong to the policy module (app/policy.ts): nowhere else compares roles by hand.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "BinaryExpression[operator=/^[!=]==$/][left.property.name='role'][right.value=/^(coordinator|caseworker|partner)$/]",
          message: 'Check permissions with can()/requirePermission() from the policy module, not by comparing roles.',
        },
        {
          // request.formData() throws a TypeError (a 500) on a body that is not a form, and has no size limit.
          selector: "CallExpression[callee.property.name='formData'][arguments.length=0]",
          message: 'Read a posted form with readForm(request) from ~/utils/forms.server.',
        },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/utils/zod.ts', 'app/utils/env.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { name: 'zod', message: "Import z from '~/utils/zod': it sets the app's messages for checks without one." },
      ],
    },
  },
  {
    // The policy module itself, the seed and the data layer may name roles.
    files: ['app/policy.ts', 'db/**', 'tests/**', 'scripts/**', 'app/modules/auth/session.server.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
