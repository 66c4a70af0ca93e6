import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      // Time comes from the kernel clock (src/kernel/clock.ts), which tests set: never the wall clock.
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time from the kernel clock (now() in src/kernel/clock.ts); tests set it with setClock().' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read the time from the kernel clock (nowMs() in src/kernel/clock.ts); tests set it with setClock(). For durations use performance.now().' },
      ],
    },
  },
  { files: ['bin/**', 'scripts/**', 'src/main.ts', 'bench/**'], rules: { 'no-console': 'off' } },
  // Scripts served to the browser (progressive enhancement islands): browser globals and Leaflet's `L`.
  { files: ['public/js/**'], languageOptions: { globals: { window: 'readonly', document: 'readonly', L: 'readonly' } } },
);
