import type { ShoeboxClient } from '../bridge/shoebox-client';

/**
 * Bookkeeping that must not live in the store (promises in flight, timers, abort controllers),
 * kept per client: each test's fake client starts with none, as the app's one client does.
 * Returns the function that gives a client's own copy, made by `create` on first use.
 */
export function perClient<T>(create: () => T): (client: ShoeboxClient) => T {
  const states = new WeakMap<ShoeboxClient, T>();
  return (client) => {
    let state = states.get(client);
    if (state === undefined) {
      state = create();
      states.set(client, state);
    }
    return state;
  };
}
