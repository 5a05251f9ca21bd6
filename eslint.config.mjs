import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/node_modules/**', '**/.nx/**', '**/out/**', '**/.modelbench/**', '**/fixtures/**'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:onnx', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:models', onlyDependOnLibsWithTags: ['scope:core', 'scope:onnx'] },
            { sourceTag: 'scope:backends', onlyDependOnLibsWithTags: ['scope:core', 'scope:onnx', 'scope:models'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:loadgen', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:accuracy', onlyDependOnLibsWithTags: ['scope:core', 'scope:shared'] },
            { sourceTag: 'scope:harness', onlyDependOnLibsWithTags: ['scope:core', 'scope:onnx', 'scope:models', 'scope:backends', 'scope:loadgen', 'scope:accuracy'] },
            {
              sourceTag: 'scope:workload',
              onlyDependOnLibsWithTags: ['scope:core', 'scope:onnx', 'scope:models', 'scope:backends', 'scope:harness', 'scope:shared', 'scope:loadgen', 'scope:accuracy'],
            },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
];
