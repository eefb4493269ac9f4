/**
 * Camera cards are this machine's volumes: a server listening beyond loopback neither lists
 * them, nor streams their comings and goings, nor ejects them, while a loopback one does all
 * three. The core is a stand-in with only the cards' handlers and events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraCard } from '../../../common/contract';
import type { CoreEvent } from '../../../main/core/shoebox-core';
import { startServer, type RunningServer } from '../../../main/serve/http-server';
import type { ServeCore } from '../../../main/serve/serve-core';
import { rawRequest } from '../../helpers/serve-client';

const TOKEN = 'c'.repeat(43);
const CARD: CameraCard = {
  path: '/media/me/EOS_DIGITAL',
  label: 'EOS_DIGITAL',
  files: 3,
  newFiles: 2,
  bytes: 3000,
  newBytes: 2000,
  removable: true,
  unreadable: 0,
  days: [],
};

function cardCore() {
  const listeners = new Set<(event: CoreEvent) => void>();
  const ejected: string[] = [];
  const core = {
    handlers: {
      listCards: async () => [CARD],
      ejectCard: async ({ path }: { path: string }) => {
        ejected.push(path);
        return { count: 1 };
      },
    },
    subscribe(listener: (event: CoreEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ServeCore;
  return { core, ejected, publish: (event: CoreEvent) => listeners.forEach((l) => l(event)) };
}

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serverOn(core: ServeCore, host: string) {
  const server = await startServer({ core, host, token: TOKEN, onError: () => undefined });
  servers.push(server);
  // Reached through loopback either way: this test sends nothing off the machine.
  const origin = `http://127.0.0.1:${server.port}`;
  const call = async (method: string, input: unknown) => {
    const answer = await rawRequest(origin, {
      method: 'POST',
      path: `/api/${method}`,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
        Origin: origin,
      },
      body: JSON.stringify(input),
    });
    return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
  };
  const events = async () => {
    const response = await fetch(`${origin}/api/events`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('retry: 2000\n: connected\n\n');
    return reader;
  };
  return { call, events };
}

describe('camera cards over shoebox serve', () => {
  it('lists, streams and ejects cards on loopback only', async () => {
    const { core, ejected, publish } = cardCore();
    const local = await serverOn(core, '127.0.0.1');
    const wide = await serverOn(core, '0.0.0.0');

    expect(await local.call('listCards', {})).toEqual({
      status: 200,
      body: { ok: true, value: [CARD] },
    });
    expect(await wide.call('listCards', {})).toEqual({
      status: 200,
      body: { ok: true, value: [] },
    });

    const refused = await wide.call('ejectCard', { path: CARD.path });
    expect(refused.status).toBe(403);
    expect(ejected).toEqual([]);
    expect((await local.call('ejectCard', { path: CARD.path })).status).toBe(200);
    expect(ejected).toEqual([CARD.path]);

    const localEvents = await local.events();
    const wideEvents = await wide.events();
    publish({ event: 'cardsChanged', payload: [CARD] });
    publish({ event: 'libraryChanged', payload: { reason: 'external' } });
    expect((await localEvents.read()).value).toMatch(/^event: cardsChanged\n/);
    // The stream beyond loopback goes on with the next event, the card left out.
    expect((await wideEvents.read()).value).toBe(
      'event: libraryChanged\ndata: {"reason":"external"}\n\n',
    );
    await localEvents.cancel();
    await wideEvents.cancel();
  });
});
