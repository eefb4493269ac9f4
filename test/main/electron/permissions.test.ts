import { beforeEach, describe, expect, it } from 'vitest';
import { setupPermissions } from '../../../main/electron/permissions';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../main/electron/schemes';
import { resetElectronFake, session } from '../../mocks/electron';

describe('setupPermissions', () => {
  beforeEach(() => {
    resetElectronFake();
    setupPermissions(session.defaultSession as unknown as Electron.Session);
  });

  function request(permission: string, requestingUrl: string): boolean {
    let granted: boolean | undefined;
    session.defaultSession.permissionRequestHandler?.(
      null,
      permission,
      (answer) => (granted = answer),
      { requestingUrl },
    );
    if (granted === undefined) throw new Error('the request was not answered');
    return granted;
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'midi', 'openExternal'])(
    'denies %s, even to the app',
    (permission) => {
      expect(request(permission, APP_ENTRY_URL)).toBe(false);
      expect(session.defaultSession.permissionCheckHandler?.(null, permission, APP_ORIGIN)).toBe(
        false,
      );
    },
  );

  it('allows fullscreen to the app only', () => {
    expect(request('fullscreen', APP_ENTRY_URL)).toBe(true);
    expect(request('fullscreen', 'https://evil.example/')).toBe(false);
    const check = session.defaultSession.permissionCheckHandler;
    expect(check?.(null, 'fullscreen', APP_ORIGIN)).toBe(true);
    expect(check?.(null, 'fullscreen', 'https://evil.example')).toBe(false);
  });
});
