/** Renders the whole app over a fake client, with a store reset and a pretend layout. */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClientProvider } from '../../renderer/bridge/client-context';
import { App } from '../../renderer/components/app';
import { resetShoeboxStore } from '../../renderer/store/store';
import type { FakeClient } from './fake-client';

// happy-dom has no layout: give every element a window-sized box so the virtualized grid
// renders the rows a 1024×800 window would show (6 columns at the default tile size).
for (const [property, value] of [
  ['clientWidth', 1024],
  ['clientHeight', 800],
  ['offsetWidth', 1024],
  ['offsetHeight', 800],
] as const) {
  Object.defineProperty(HTMLElement.prototype, property, { configurable: true, get: () => value });
}

/** Renders <App> over `client` from a fresh store; returns a user-event session. */
export function renderApp(client: FakeClient) {
  resetShoeboxStore();
  const user = userEvent.setup();
  const view = render(
    <ClientProvider client={client}>
      <App />
    </ClientProvider>,
  );
  return { user, ...view };
}

/** The grid of photos (once it has loaded). */
export function findGrid(name = 'All photos') {
  return screen.findByRole('grid', { name });
}

/** The "Albums" navigation landmark. */
export function albumsNav() {
  return screen.getByRole('navigation', { name: 'Albums' });
}

/** The photo tile (grid cell) showing the photo named `name`. */
export function tileOf(name: string): HTMLElement {
  const cell = screen.getByAltText(name).closest('[role="gridcell"]');
  if (!(cell instanceof HTMLElement)) throw new Error(`No tile for ${name}`);
  return cell;
}

/** The names of the selected photos, in grid order. */
export function selectedNames(): string[] {
  return screen
    .queryAllByRole('gridcell', { selected: true })
    .map((cell) => within(cell).getByRole('img').getAttribute('alt') ?? '');
}

/** A DataTransfer stand-in for drags within the page (happy-dom's carries no data). */
export function fakeDataTransfer() {
  const data: Record<string, string> = {};
  return {
    get types() {
      return Object.keys(data);
    },
    files: [],
    items: [],
    dropEffect: 'none',
    effectAllowed: 'all',
    getData: (type: string) => data[type] ?? '',
    setData: (type: string, value: string) => {
      data[type] = value;
    },
  };
}

/** A media URL without its version query (`?r=`): the route and size it asks for. */
export function mediaPath(url: string | null): string | null {
  return url === null ? null : url.replace(/\?r=\d+$/, '');
}
