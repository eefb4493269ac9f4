/** Set up once for every renderer test file (vitest.config.ts, renderer project's setupFiles). */
import { configure } from '@testing-library/react';

// `findBy…` and `waitFor` give up after 1 s by default. On a loaded 2-core machine (CI, or a
// build running beside the tests) a whole-app render plus a fake import can take longer than
// that, and the test fails though nothing is wrong; a test that really hangs still fails, later.
configure({ asyncUtilTimeout: 10_000 });
