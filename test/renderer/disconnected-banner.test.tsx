import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setConnected } from '../../renderer/bridge/connection-status';
import { createFakeClient } from './fake-client';
import { renderApp } from './render-app';

afterEach(() => setConnected(true));

describe('the disconnected banner', () => {
  it('shows while Shoebox cannot be reached and goes when it is back', async () => {
    renderApp(createFakeClient());
    await screen.findByRole('heading', { name: 'Drop photos here' });
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => setConnected(false));
    expect(screen.getByRole('alert').textContent).toBe('Disconnected from Shoebox — retrying…');

    act(() => setConnected(true));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
