// The packages a bundle imports at run time (from esbuild's metafile), with the exact versions
// package.json pins: the package.json of a shipped bundle lists these and nothing else.
export function bundleDependencies(metafile, root, ignore = []) {
  const imported = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || ignore.includes(path)) continue;
      imported.add(path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);
    }
  }
  return Object.fromEntries(
    [...imported].sort().map((name) => {
      const version = root.dependencies[name];
      if (!version) throw new Error(`the bundle imports ${name}, which is not a dependency in package.json`);
      return [name, version];
    }),
  );
}
