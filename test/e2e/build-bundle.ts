import { build } from 'vite';

/**
 * Builds the renderer as users get it. Vitest sets NODE_ENV=test, which would otherwise give
 * React's development build (several times slower), so it is set for the build and put back.
 */
export async function buildProductionBundle(outDir?: string): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: 'vite.config.ts',
      mode: 'production',
      logLevel: 'warn',
      build: outDir === undefined ? {} : { outDir },
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
