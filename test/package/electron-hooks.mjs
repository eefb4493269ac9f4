/**
 * A module.register resolve hook: the bare specifier `electron` becomes the fake Electron API of
 * test/mocks/electron.ts, so the packaged main bundle can boot under plain Node (boot-main.mjs).
 */
const fake = new URL('../mocks/electron.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true };
  return nextResolve(specifier, context);
}
