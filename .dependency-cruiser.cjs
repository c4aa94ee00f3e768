/** Import rules checked by `npm test` (dependency-cruiser): no cycles, nothing unresolvable, the layers. */

/** The shared layers: what every feature builds on, and which must not depend on any feature. */
const SHARED =
  '^src/(core|flows|jobs|storage|bots|i18n|knowledge|ops|domain)/' +
  '|^src/(context|config|configValues|channel|clock|logger)\\.ts$';

// Today's exceptions to the layer rules, known and to remove (see that file).
const { KNOWN_SHARED_TO_FEATURES, KNOWN_BETWEEN_FEATURES } = require('./.dependency-cruiser-known.cjs');

const exactly = (path) => `^${path.replace(/[.]/g, '\\.')}$`;
const featureFiles = (names) => names.map((n) => exactly(`src/features/${n}.ts`));
const ownFolder = (file) => `^${file.split('/').slice(0, 3).join('/')}/`;

const layerRules = [
  {
    name: 'shared-layers-not-into-features',
    severity: 'error',
    comment:
      'The shared layers assemble what features declare; they never import a feature (docs/architecture.md). ' +
      'Known exceptions are listed in KNOWN_SHARED_TO_FEATURES, to remove.',
    from: { path: SHARED, pathNot: Object.keys(KNOWN_SHARED_TO_FEATURES).map(exactly) },
    to: { path: '^src/features/' },
  },
  ...Object.entries(KNOWN_SHARED_TO_FEATURES).map(([file, allowed]) => ({
    name: 'shared-layers-not-into-features',
    severity: 'error',
    comment: `${file} may still import only its known feature files (KNOWN_SHARED_TO_FEATURES), no new one.`,
    from: { path: exactly(file) },
    to: { path: '^src/features/', pathNot: featureFiles(allowed) },
  })),
  {
    name: 'features-not-into-each-other',
    severity: 'error',
    comment:
      'A feature folder imports the shared layers and src/features/feature.ts, not another feature: what ' +
      'several features share goes to src/domain/. Known exceptions: KNOWN_BETWEEN_FEATURES, to remove.',
    from: { path: '^src/features/([^/]+)/', pathNot: Object.keys(KNOWN_BETWEEN_FEATURES).map(exactly) },
    to: { path: '^src/features/[^/]+/', pathNot: '^src/features/$1/' },
  },
  ...Object.entries(KNOWN_BETWEEN_FEATURES).map(([file, allowed]) => ({
    name: 'features-not-into-each-other',
    severity: 'error',
    comment: `${file} may still borrow only its known files of another feature (KNOWN_BETWEEN_FEATURES).`,
    from: { path: exactly(file) },
    to: { path: '^src/features/[^/]+/', pathNot: [ownFolder(file), ...featureFiles(allowed)] },
  })),
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
