/** `node --import tsx --import ./register-electron.mjs`: `electron` is the fake (electron-hooks.mjs). */
import { register } from 'node:module';

register('./electron-hooks.mjs', import.meta.url);
