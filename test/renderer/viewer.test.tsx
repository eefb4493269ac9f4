import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createFakeClient } from './fake-client';
import { FakeLibrary, samplePhotos } from './fake-library';
import { findGrid, mediaPath, renderApp } from './render-app';

afterEach(cleanup);

describe('the viewer', () => {
  it('goes to the first and last photo with Home and End', async () => {
    const { user } = renderApp(createFakeClient(samplePhotos(5)));
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0003.JPG'));
    await screen.findByRole('dialog', { name: 'IMG_0003.JPG' });
    await user.keyboard('{End}');
    expect(await screen.findByText('5 of 5')).toBeTruthy();
    await user.keyboard('{Home}');
    expect(await screen.findByText('1 of 5')).toBeTruthy();
  });

  it('toggles fit and 1:1 with Z, and keeps the zoom while stepping through a burst', async () => {
    const { user } = renderApp(createFakeClient(samplePhotos(3)));
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0001.JPG'));
    const viewer = await screen.findByRole('dialog', { name: 'IMG_0001.JPG' });
    const frame = () =>
      within(screen.getByRole('dialog')).getAllByRole('img').at(-1)!.parentElement!;
    expect(frame().style.transform).toContain('scale(1)');
    await user.keyboard('z');
    // The fake photos are 6000 px wide; happy-dom lays the fitted frame out 1024 px wide.
    await waitFor(() => expect(frame().style.transform).toContain(`scale(${6000 / 1024})`));
    expect(within(viewer).getByRole('button', { name: 'Fit' })).toBeTruthy();
    // 1:1 shows the original's own pixels, not the 2048 px rendition.
    expect(mediaPath(viewer.querySelector('.viewer-original-image')!.getAttribute('src'))).toBe(
      '/media/1/original',
    );
    await user.keyboard('{ArrowRight}');
    await screen.findByRole('dialog', { name: 'IMG_0002.JPG' });
    expect(frame().style.transform).toContain(`scale(${6000 / 1024})`);
    await user.keyboard('Z');
    await waitFor(() => expect(frame().style.transform).toContain('scale(1)'));
    expect(screen.getByRole('button', { name: '1:1' })).toBeTruthy();
  });

  it('turns the original at 1:1 as the library turned the photo', async () => {
    const library = new FakeLibrary(samplePhotos(2));
    await library.api.rotatePhotos({ photoIds: [1], direction: 'right' });
    const { user } = renderApp(createFakeClient(library));
    await user.dblClick(within(await findGrid()).getByAltText('IMG_0001.JPG'));
    const viewer = await screen.findByRole('dialog', { name: 'IMG_0001.JPG' });
    await user.keyboard('z');
    const original = await waitFor(() => {
      const image = viewer.querySelector<HTMLImageElement>('.viewer-original-image');
      if (image === null) throw new Error('no original shown');
      return image;
    });
    // The file is as the camera wrote it (landscape); the frame is the turned (portrait) photo.
    expect(original.style.transform).toBe('translate(-50%, -50%) rotate(90deg)');
    // Its box is the frame's sides swapped: 3:2 against the frame's 2:3 (rounded large sizes).
    expect(parseFloat(original.style.width)).toBeCloseTo(150, 0);
    expect(parseFloat(original.style.height)).toBeCloseTo(66.7, 0);
    // Keys typed into the info panel's fields stay there: Z is a letter of a title, not zoom.
    const title = within(viewer).getByRole('textbox', { name: 'Title' });
    await user.click(title);
    await user.keyboard('Zoo');
    expect((title as HTMLInputElement).value).toBe('Zoo');
    expect(viewer.querySelector('.viewer-original-image')).not.toBeNull();
  });

  it('shows the large image and the info panel, steps with arrows, closes with Escape', async () => {
    const client = createFakeClient(samplePhotos(5));
    const { user } = renderApp(client);
    const grid = await findGrid();
    await user.dblClick(within(grid).getByAltText('IMG_0001.JPG'));

    const viewer = await screen.findByRole('dialog', { name: 'IMG_0001.JPG' });
    expect(mediaPath(within(viewer).getByAltText('IMG_0001.JPG').getAttribute('src'))).toBe(
      '/media/1/large',
    );
    const info = within(viewer).getByRole('complementary', { name: 'Info' });
    expect(within(info).getByText('SONY ILCE-6000')).toBeTruthy();
    expect(within(info).getByText('E 16-50mm F3.5-5.6 OSS')).toBeTruthy();
    expect(within(info).getByText('6000 × 4000')).toBeTruthy();
    expect(within(info).getByText('48.85837° N, 2.29448° E')).toBeTruthy();
    expect(await within(info).findByText('1/250 s · f/5.6 · ISO 100 · 35 mm')).toBeTruthy();
    expect(screen.getByText('1 of 5')).toBeTruthy();

    await user.keyboard('{ArrowRight}');
    const second = await screen.findByRole('dialog', { name: 'IMG_0002.JPG' });
    // No GPS on this one: no location row.
    expect(within(second).queryByText('Location')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Next photo' }));
    await screen.findByRole('dialog', { name: 'IMG_0003.JPG' });
    await user.click(screen.getByRole('button', { name: 'Previous photo' }));
    await user.keyboard('{ArrowLeft}');
    await screen.findByRole('dialog', { name: 'IMG_0001.JPG' });
    expect(screen.getByRole('button', { name: 'Previous photo' })).toHaveProperty('disabled', true);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(
      client.library.calls.filter((call) => call.method === 'getPhoto').length,
    ).toBeGreaterThan(0);
  });

  it('moves the shown photo to the Trash with Delete, shows the next, and Undo brings it back', async () => {
    const client = createFakeClient(samplePhotos(5));
    const { user } = renderApp(client);
    const grid = await findGrid();
    await user.dblClick(within(grid).getByAltText('IMG_0002.JPG'));
    await screen.findByRole('dialog', { name: 'IMG_0002.JPG' });

    await user.keyboard('{Delete}');
    const next = await screen.findByRole('dialog', { name: 'IMG_0003.JPG' });
    expect(within(next).getByAltText('IMG_0003.JPG')).toBeTruthy();
    expect(screen.getByText('2 of 4')).toBeTruthy();
    expect(client.library.calls.filter((call) => call.method === 'trashPhotos')).toEqual([
      { method: 'trashPhotos', input: { photoIds: [2] } },
    ]);

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(within(grid).getByAltText('IMG_0002.JPG')).toBeTruthy());
    // The restored photo comes back before the one on screen, which stays on screen.
    await waitFor(() => expect(screen.getByText('3 of 5')).toBeTruthy());
    expect(screen.getByRole('dialog', { name: 'IMG_0003.JPG' })).toBeTruthy();

    // At the end of the list, the previous photo takes the deleted one's place.
    await user.keyboard('{ArrowRight}{ArrowRight}');
    await screen.findByRole('dialog', { name: 'IMG_0005.JPG' });
    await user.keyboard('{Backspace}');
    await screen.findByRole('dialog', { name: 'IMG_0004.JPG' });
    expect(screen.getByText('4 of 4')).toBeTruthy();
  });
});
