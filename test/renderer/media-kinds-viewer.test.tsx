import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from './fake-client';
import { findGrid, mediaPath, renderApp } from './render-app';
import { cameraCardSeeds } from './media-kinds-seeds';

afterEach(cleanup);

/** Opens the viewer on the photo named `name` of the camera card library. */
async function openViewer(name: string) {
  const session = renderApp(createFakeClient(cameraCardSeeds()));
  await session.user.dblClick(within(await findGrid()).getByAltText(name));
  const viewer = await screen.findByRole('dialog', { name });
  return { ...session, viewer };
}

/** The viewer's playing video (a video photo's, not a Live Photo's movie). */
function viewerVideo(viewer: HTMLElement): HTMLVideoElement {
  const video = viewer.querySelector<HTMLVideoElement>('video.viewer-video');
  if (video === null) throw new Error('No video in the viewer');
  return video;
}

/** The rows of the info panel's Files list: role, file name and size as shown. */
function fileRows(viewer: HTMLElement): string[][] {
  const info = within(viewer).getByRole('complementary', { name: 'Info' });
  const files = within(info).getByRole('region', { name: 'Files' });
  return within(files)
    .getAllByRole('listitem')
    .map((row) => [...row.querySelectorAll('span')].map((cell) => cell.textContent ?? ''));
}

describe('a video in the viewer', () => {
  it('plays from its video URL with the browser’s controls over its poster', async () => {
    const { viewer } = await openViewer('VID_0003.MP4');
    const video = viewerVideo(viewer);
    expect(mediaPath(video.getAttribute('src'))).toBe('/media/3/video');
    expect(mediaPath(video.getAttribute('poster'))).toBe('/media/3/large');
    expect(video.controls).toBe(true);
    expect(video.getAttribute('aria-label')).toBe('VID_0003.MP4');
    // Not zoomed like a still; opened apart as the video, not as a full-size image.
    expect(within(viewer).queryByRole('button', { name: '1:1' })).toBeNull();
    expect(
      mediaPath(within(viewer).getByRole('link', { name: 'Open video' }).getAttribute('href')),
    ).toBe('/media/3/video');
    expect(within(viewer).queryByRole('link', { name: 'Open full size' })).toBeNull();
  });

  it('says it is preparing until the video comes, and says so when it cannot play', async () => {
    const { viewer } = await openViewer('VID_0003.MP4');
    expect(within(viewer).getByRole('status').textContent).toBe('Preparing video…');
    fireEvent.loadedMetadata(viewerVideo(viewer));
    await waitFor(() => expect(within(viewer).queryByRole('status')).toBeNull());
    fireEvent.error(viewerVideo(viewer));
    expect((await within(viewer).findByRole('alert')).textContent).toBe(
      'This video cannot be played here.',
    );
  });

  it('plays and pauses with Space, seeks with the arrows when it has the focus', async () => {
    const { user, viewer } = await openViewer('VID_0003.MP4');
    const video = viewerVideo(viewer);
    expect(video.paused).toBe(true);
    // The dialog has the focus when it opens: Space is the video's.
    await user.keyboard(' ');
    await waitFor(() => expect(video.paused).toBe(false));
    await user.keyboard(' ');
    await waitFor(() => expect(video.paused).toBe(true));
    act(() => video.focus());
    await user.keyboard('{ArrowRight}');
    expect(video.currentTime).toBe(5);
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(video.currentTime).toBe(0);
    // Still the video: the arrows sought through it rather than stepping photos.
    expect(screen.getByRole('dialog', { name: 'VID_0003.MP4' })).toBe(viewer);
  });

  it('stops when the viewer steps on or closes', async () => {
    const { user, viewer } = await openViewer('VID_0003.MP4');
    const video = viewerVideo(viewer);
    await user.keyboard(' ');
    await waitFor(() => expect(video.paused).toBe(false));
    // From the dialog (not the video) the arrow steps to the next photo.
    act(() => viewer.focus());
    await user.keyboard('{ArrowRight}');
    await screen.findByRole('dialog', { name: 'IMG_0004.HEIC' });
    expect(video.paused).toBe(true);
    expect(viewer.querySelector('video.viewer-video')).toBeNull();

    await user.keyboard('{ArrowLeft}');
    await screen.findByRole('dialog', { name: 'VID_0003.MP4' });
    const again = viewerVideo(viewer);
    await user.keyboard(' ');
    await waitFor(() => expect(again.paused).toBe(false));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(again.paused).toBe(true);
  });
});

describe('a Live Photo in the viewer', () => {
  /** The Live Photo's LIVE control and its movie. */
  function liveControl(viewer: HTMLElement) {
    const button = within(viewer).getByRole('button', { name: /^Play Live Photo/ });
    const motion = viewer.querySelector<HTMLVideoElement>('video.viewer-motion');
    if (motion === null) throw new Error('No Live Photo movie');
    return { button, motion };
  }

  it('plays its movie over the still while the LIVE control is hovered', async () => {
    const { user, viewer } = await openViewer('IMG_0004.HEIC');
    const { button, motion } = await waitFor(() => liveControl(viewer));
    expect(button.textContent).toBe('LIVE');
    expect(mediaPath(motion.getAttribute('src'))).toBe('/media/4/motion');
    // The still shows until asked: the movie is there but unseen and silent to readers.
    expect(motion.paused).toBe(true);
    expect(motion.classList.contains('is-playing')).toBe(false);
    expect(motion.getAttribute('aria-hidden')).toBe('true');

    await user.hover(button);
    await waitFor(() => expect(motion.paused).toBe(false));
    expect(motion.classList.contains('is-playing')).toBe(true);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    await user.unhover(button);
    await waitFor(() => expect(motion.paused).toBe(true));
    expect(motion.classList.contains('is-playing')).toBe(false);
    expect(button.getAttribute('aria-pressed')).toBe('false');
  });

  it('plays while Space is held on the control, and shows the still when it ends', async () => {
    const { user, viewer } = await openViewer('IMG_0004.HEIC');
    const { button, motion } = await waitFor(() => liveControl(viewer));
    act(() => button.focus());
    await user.keyboard('[Space>]');
    await waitFor(() => expect(motion.paused).toBe(false));
    expect(button.getAttribute('aria-pressed')).toBe('true');
    await user.keyboard('[/Space]');
    await waitFor(() => expect(motion.paused).toBe(true));
    expect(button.getAttribute('aria-pressed')).toBe('false');

    await user.keyboard('[Space>]');
    await waitFor(() => expect(motion.classList.contains('is-playing')).toBe(true));
    fireEvent.ended(motion);
    await waitFor(() => expect(motion.classList.contains('is-playing')).toBe(false));
    // The viewer is still on the Live Photo: the key was the control's, not a step.
    expect(screen.getByRole('dialog', { name: 'IMG_0004.HEIC' })).toBe(viewer);
  });

  it('plays muted when the browser refuses sound before a gesture', async () => {
    const { user, viewer } = await openViewer('IMG_0004.HEIC');
    const { button, motion } = await waitFor(() => liveControl(viewer));
    const play = HTMLMediaElement.prototype.play;
    const refusing = vi.spyOn(motion, 'play').mockImplementation(function (this: HTMLMediaElement) {
      if (!this.muted) return Promise.reject(new DOMException('No gesture', 'NotAllowedError'));
      return play.call(this);
    });
    await user.hover(button);
    await waitFor(() => expect(motion.paused).toBe(false));
    expect(motion.muted).toBe(true);
    expect(refusing).toHaveBeenCalledTimes(2);
  });

  it('is offered for a Live Photo only', async () => {
    const { user, viewer } = await openViewer('IMG_0005.JPG');
    await within(viewer).findByRole('region', { name: 'Files' });
    expect(within(viewer).queryByRole('button', { name: /Live Photo/ })).toBeNull();
    await user.keyboard('{ArrowLeft}');
    await screen.findByRole('dialog', { name: 'IMG_0004.HEIC' });
    expect(await within(viewer).findByRole('button', { name: /^Play Live Photo/ })).toBeTruthy();
  });
});

describe('the info panel’s files', () => {
  it('lists a RAW’s original, its JPEG and its sidecar, by name and size', async () => {
    const { viewer } = await openViewer('DSC_0001.NEF');
    await waitFor(() =>
      expect(fileRows(viewer)).toEqual([
        ['Original', 'DSC_0001.NEF', '25.1 MB'],
        ['JPEG', 'DSC_0001.jpg', '3.1 MB'],
        ['Sidecar', 'DSC_0001.nef.xmp', '4.2 KB'],
      ]),
    );
  });

  it('lists a Live Photo’s movie, named from a path of any platform', async () => {
    const { viewer } = await openViewer('IMG_0004.HEIC');
    await waitFor(() =>
      expect(fileRows(viewer)).toEqual([
        ['Original', 'IMG_0004.HEIC', '1.8 MB'],
        ['Live movie', 'IMG_0004.mov', '2.3 MB'],
      ]),
    );
  });

  it('gives a video its length beside its one file', async () => {
    const { viewer } = await openViewer('VID_0003.MP4');
    await waitFor(() =>
      expect(fileRows(viewer)).toEqual([['Original', 'VID_0003.MP4', '12.6 MB']]),
    );
    const files = within(viewer).getByRole('region', { name: 'Files' });
    expect(within(files).getByText('Duration').nextElementSibling?.textContent).toBe('0:07');
  });

  it('reads each file as words apart to a screen reader', async () => {
    const { viewer } = await openViewer('DSC_0001.NEF');
    const files = await within(viewer).findByRole('region', { name: 'Files' });
    expect(within(files).getAllByRole('listitem')[1]!.textContent).toBe('JPEG DSC_0001.jpg 3.1 MB');
  });
});
