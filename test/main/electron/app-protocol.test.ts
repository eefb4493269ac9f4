import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  appResponse,
  setupAppProtocol,
} from '../../../main/electron/app-protocol';
import { makeTempDir } from '../../helpers/temp-dir';
import { protocol, resetElectronFake } from '../../mocks/electron';

describe('app://', () => {
  let root: string;

  beforeEach(async () => {
    resetElectronFake();
    const base = await makeTempDir();
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Shoebox</title>');
    await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1);');
    await writeFile(path.join(base, 'secret.txt'), 'not part of the bundle');
    await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.js'));
  });

  const get = (url: string, method = 'GET') => appResponse(root, { url, method });

  it('serves index.html at the root, with the strict CSP', async () => {
    const response = await get('app://shoebox/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Shoebox</title>');
  });

  it('has the CSP the design asks for', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; img-src 'self' shoebox-media: blob: data:; " +
        "media-src 'self' shoebox-media:; style-src 'self'; " +
        "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'",
    );
  });

  it('serves bundle files with their type', async () => {
    const response = await get('app://shoebox/assets/app-1234.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1);');
  });

  it.each([
    'app://shoebox/../secret.txt',
    'app://shoebox/assets/../../secret.txt',
    'app://shoebox/%2e%2e/secret.txt',
    'app://shoebox/assets/..%2f..%2fsecret.txt',
    'app://shoebox/..%5csecret.txt',
    'app://shoebox/..\\secret.txt',
    'app://shoebox/index.html%00.js',
    'app://shoebox/%E0%A4%A',
    'app://elsewhere/index.html',
    'file:///etc/passwd',
  ])('answers 400 to %s, still with the CSP', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 to a missing file and to a symlink out of the bundle', async () => {
    expect((await get('app://shoebox/missing.js')).status).toBe(404);
    expect((await get('app://shoebox/assets')).status).toBe(404);
    expect((await get('app://shoebox/assets/leak.js')).status).toBe(404);
  });

  it('answers 405 to a POST', async () => {
    expect((await get('app://shoebox/index.html', 'POST')).status).toBe(405);
  });

  it('is what protocol.handle serves for the scheme', async () => {
    setupAppProtocol(root);
    expect((await protocol.fetch('app://shoebox/index.html')).status).toBe(200);
  });
});
