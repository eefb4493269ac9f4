import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { findGrid, renderApp } from './render-app';

afterEach(cleanup);

describe('a library on a network share', () => {
  it('says its database is not safe there until dismissed', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    library.storage = { network: true, fileSystem: 'nfs4', databaseLocal: false };
    const { user } = renderApp(createFakeClient(library));

    const card = await screen.findByRole('article', { name: 'Library on a network share' });
    expect(within(card).getByRole('heading').textContent).toBe(
      'This library is on a network share (nfs4)',
    );
    expect(card.textContent).toMatch(/two computers opening \/library at once can damage it/);
    expect(card.textContent).toMatch(/run shoebox database move-local/);
    await user.click(within(card).getByRole('button', { name: 'Got it' }));
    expect(screen.queryByRole('article', { name: 'Library on a network share' })).toBeNull();
  });

  it('says nothing once the database of a library on a share is kept on this computer', async () => {
    const library = new FakeLibrary(samplePhotos(3));
    library.storage = { network: true, fileSystem: 'nfs4', databaseLocal: true };
    renderApp(createFakeClient(library));
    await findGrid();
    expect(screen.queryByRole('article', { name: 'Library on a network share' })).toBeNull();
  });

  it('says nothing of a library on a local disk', async () => {
    renderApp(createFakeClient(new FakeLibrary(samplePhotos(3))));
    await findGrid();
    expect(screen.queryByRole('article', { name: 'Library on a network share' })).toBeNull();
  });
});
