/** Import rules checked by `npm test` (dependency-cruiser): no cycles, nothing unresolvable, the layers. */

/**
 * The shared layers: what every feature builds on, and which must not depend on any feature. The rest of src/ is
 * the features (src/features/) and the composition roots (src/app.ts, main.ts, cli.ts, src/features/index.ts
 * and context.ts), which see every feature; tests/layers.unit.test.ts checks that every file is one of the three.
 */
const SHARED =
  '^src/(core|flows|jobs|storage|bots|i18n|knowledge|ops|domain|console)/' +
  '|^src/(context|config|configValues|envSchema|httpListen|channel|clock|logger)\\.ts$';

const layerRules = [
  {
    name: 'shared-layers-not-into-features',
    severity: 'error',
    comment:
      'The shared layers assemble what features declare, handed over by the composition roots; they never ' +
      'import a feature (docs/architecture.md).',
    from: { path: SHARED },
    to: { path: '^src/features/' },
  },
  {
    name: 'features-not-into-each-other',
    severity: 'error',
    comment:
      'A feature folder imports the shared layers and src/features/feature.ts or context.ts, not another ' +
      'feature: what several features share goes to src/domain/.',
    from: { path: '^src/features/([^/]+)/' },
    to: { path: '^src/features/[^/]+/', pathNot: '^src/features/$1/' },
  },
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other (type-only imports included) cannot be understood or tested alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    ...layerRules,
  ],
  options: {
    // TypeScript 7 ships no JavaScript compiler API: swc parses the sources.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
