/**
 * Set up once for every test file of the node project (vitest.config.ts, its setupFiles):
 * `electron` is the fake in test/mocks/electron.ts. Nothing under plain Node can load the real
 * module's APIs, and a test that imports the fake (to drive it or `resetElectronFake()`) gets the
 * same instance the code under test does. The factory runs only in files that import electron.
 */
import { vi } from 'vitest';

vi.mock('electron', () => import('../mocks/electron'));
