// `cem analyze` (run by `npm run build`): dist/custom-elements.json describes every element's
// attributes, properties, events, CSS parts and custom properties for editors and frameworks.

/**
 * Events come from the `@fires` tags. The analyzer also guesses one from each
 * `dispatchEvent(new SomeEvent(arg))`, taking the argument for the name; those guesses are dropped.
 */
const documentedEventsOnly = {
  name: 'parley-documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (declaration.events) declaration.events = declaration.events.filter((event) => event.description !== undefined);
      }
    }
  },
};

/** The analyzer lists modules in the order its file search found them, which varies by machine. */
const modulesInPathOrder = {
  name: 'parley-modules-in-path-order',
  packageLinkPhase({ customElementsManifest }) {
    customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  },
};

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names dist/custom-elements.json itself; the analyzer must not rewrite it.
  packagejson: false,
  plugins: [documentedEventsOnly, modulesInPathOrder],
};
