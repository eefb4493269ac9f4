import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ClientProvider } from '../../renderer/bridge/client-context';
import { App } from '../../renderer/components/app';
import { GRID_ID } from '../../renderer/components/grid/photo-grid';
import { useFocusKeeper } from '../../renderer/components/use-focus-keeper';
import { resetShoeboxStore } from '../../renderer/store/store';
import { createFakeClient } from './fake-client';
import { samplePhotos } from './fake-library';
import { findGrid, tileOf } from './render-app';

afterEach(cleanup);

/** A grid stand-in and a button that goes away when pressed, as Move to Trash does. */
function Page({ modal = false }: { modal?: boolean }) {
  useFocusKeeper();
  const [shown, setShown] = useState(true);
  return (
    <div>
      <div id={GRID_ID} tabIndex={0} />
      {shown && (
        <button type="button" onClick={() => setShown(false)}>
          Move to Trash
        </button>
      )}
      <button type="button">Stays</button>
      {modal && <div role="dialog" aria-modal="true" />}
    </div>
  );
}

describe('the focus keeper', () => {
  it('gives focus to the grid when the focused button is taken away or disabled', async () => {
    const { getByRole } = render(<Page />);
    const button = getByRole('button', { name: 'Move to Trash' });
    button.focus();
    button.click();
    await waitFor(() => expect(document.activeElement?.id).toBe(GRID_ID));

    const stays = getByRole('button', { name: 'Stays' });
    stays.focus();
    stays.setAttribute('disabled', '');
    await waitFor(() => expect(document.activeElement?.id).toBe(GRID_ID));
  });

  it('leaves focus alone when it moves on, or when a dialog is open', async () => {
    const { getByRole, unmount } = render(<Page />);
    getByRole('button', { name: 'Move to Trash' }).focus();
    getByRole('button', { name: 'Stays' }).focus();
    // Focus let go while the button is still there (a click on empty space) is the user's.
    getByRole('button', { name: 'Stays' }).blur();
    getByRole('button', { name: 'Move to Trash' }).click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.activeElement).toBe(document.body);
    unmount();

    const modal = render(<Page modal />);
    const button = modal.getByRole('button', { name: 'Move to Trash' });
    button.focus();
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.activeElement).toBe(document.body);
  });
});

describe('focus in the app', () => {
  it('stays in the grid after Move to Trash and Undo', async () => {
    resetShoeboxStore();
    const user = userEvent.setup();
    render(
      <ClientProvider client={createFakeClient(samplePhotos(6))}>
        <App />
      </ClientProvider>,
    );
    const grid = await findGrid();
    await user.click(tileOf('IMG_0002.JPG'));
    await user.click(screen.getByRole('button', { name: 'Move to Trash' }));
    await waitFor(() => expect(screen.queryByAltText('IMG_0002.JPG')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(grid));

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByAltText('IMG_0002.JPG');
    await waitFor(() => expect(document.activeElement).toBe(findGridNow()));
  });
});

/** The grid as it is now (a reload may have made it again). */
function findGridNow() {
  return screen.getByRole('grid', { name: 'All photos' });
}
