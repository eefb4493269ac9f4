/**
 * The one fake of the `electron` module: what `electron` is in every test of the node project
 * (test/setup/electron-mock.ts mocks it once) and what the preload bundle's `require('electron')`
 * returns. It models what the glue relies on: ipcMain/ipcRenderer with structured-clone copies in
 * both directions, frames with process ids and tokens, windows and their webContents events,
 * protocol handlers, sessions, dialogs. `resetElectronFake()` between tests.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

let nextId = 1;

/** A frame of a page: what `event.senderFrame` is. */
export class FakeWebFrameMain {
  readonly frameToken = `frame-token-${nextId++}`;
  constructor(
    readonly processId: number,
    public url: string,
    readonly parent: FakeWebFrameMain | null = null,
  ) {}
}

/** A navigation-like event: records whether a handler prevented it. */
export interface FakeNavigationEvent {
  url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

/** A window's page. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = new FakeWebFrameMain(this.id, '');
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  private destroyed = false;
  reloads = 0;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Delivers to the renderer attached to this page, if any, as Electron's IPC would. */
  send(channel: string, ...args: unknown[]): void {
    if (attached?.webContents === this) fakeRenderer.deliver(channel, args);
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
  }

  reload(): void {
    this.reloads++;
  }

  /** Emits `name` as Electron does for navigations; returns the event to inspect. */
  emitNavigation(name: string, url: string): FakeNavigationEvent {
    const event: FakeNavigationEvent = {
      url,
      defaultPrevented: false,
      preventDefault() {
        event.defaultPrevented = true;
      },
    };
    this.emit(name, event, url);
    return event;
  }
}

const windows = new Set<BrowserWindow>();

/** A window: records its options and the URL it loads; announced as Electron's app does. */
export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  private destroyed = false;
  visible = false;
  minimized = false;
  static focused: BrowserWindow | null = null;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    windows.add(this);
    app.emit('browser-window-created', {}, this);
  }

  static fromWebContents(contents: unknown): BrowserWindow | null {
    return [...windows].find((window) => window.webContents === contents) ?? null;
  }

  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }

  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused;
  }

  async loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
  }

  show(): void {
    this.visible = true;
    this.emit('show');
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    BrowserWindow.focused = this;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Asks to close, as the user's close button does: a `close` listener may prevent it. */
  close(): void {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  /** Closes without asking, as Electron's destroy(). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    windows.delete(this);
    if (BrowserWindow.focused === this) BrowserWindow.focused = null;
    this.emit('closed');
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const invokeHandlers = new Map<string, InvokeHandler>();

/** ipcMain: `handle` registers one handler per channel, as Electron enforces. */
export const ipcMain = {
  handle(channel: string, handler: InvokeHandler): void {
    if (invokeHandlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    invokeHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    invokeHandlers.delete(channel);
  },
  /** Test helper: the channels with a handler. */
  channels(): string[] {
    return [...invokeHandlers.keys()];
  },
  /** Test helper: calls a handler with a hand-made event (a foreign frame, say). */
  async invokeAs(
    sender: { webContents: unknown; frame: unknown },
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = invokeHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = { sender: sender.webContents, senderFrame: sender.frame };
    return structuredClone(await handler(event, ...structuredClone(args)));
  },
};

// The page the renderer side (ipcRenderer, contextBridge) belongs to.
let attached: { webContents: FakeWebContents; frame: FakeWebFrameMain } | null = null;
const rendererEmitter = new EventEmitter();

const fakeRenderer = {
  deliver(channel: string, args: unknown[]): void {
    rendererEmitter.emit(channel, { sender: ipcRenderer }, ...structuredClone(args));
  },
};

/** The renderer side of IPC, as far as the preload uses it. */
export interface FakeIpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): FakeIpcRenderer;
  removeListener(channel: string, listener: (...args: unknown[]) => void): FakeIpcRenderer;
  listenerCount(channel: string): number;
}

/** ipcRenderer of the attached page: invoke reaches ipcMain's handlers as that page's frame. */
export const ipcRenderer: FakeIpcRenderer = {
  async invoke(channel, ...args) {
    if (!attached) throw new Error('No page is attached to ipcRenderer');
    return ipcMain.invokeAs(attached, channel, ...args);
  },
  on(channel, listener) {
    rendererEmitter.on(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel, listener) {
    rendererEmitter.off(channel, listener);
    return ipcRenderer;
  },
  /** Test helper: how many listeners a channel has. */
  listenerCount(channel) {
    return rendererEmitter.listenerCount(channel);
  },
};

/** Attaches the renderer side to `webContents`, sending from `frame` (its main frame if unset). */
export function attachRenderer(webContents: FakeWebContents, frame = webContents.mainFrame): void {
  attached = { webContents, frame };
}

/** What the page's main world got from contextBridge. */
export const exposedInMainWorld: Record<string, unknown> = {};

/** contextBridge: copies the API object (as Electron does), keeping functions callable. */
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (key in exposedInMainWorld) throw new Error(`Cannot bind an API on top of ${key}`);
    // Plain in any realm (the preload runs in its own): its prototype is an Object.prototype.
    const prototype: unknown = Object.getPrototypeOf(api);
    if (prototype === null || Object.getPrototypeOf(prototype) !== null) {
      throw new Error('contextBridge copies plain objects only');
    }
    exposedInMainWorld[key] = Object.freeze({ ...(api as object) });
  },
};

/** webUtils: a fake File carries its path in `path` (empty for files made in the page). */
export const webUtils = {
  getPathForFile(file: { path?: string }): string {
    return file.path ?? '';
  },
};

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocolHandlers = new Map<string, ProtocolHandler>();

/** protocol: records privileged schemes and handlers; `fetch` runs a handler. */
export const protocol = {
  privilegedSchemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]) {
    protocol.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (protocolHandlers.has(scheme)) throw new Error(`The scheme ${scheme} is already handled`);
    protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocolHandlers.delete(scheme);
  },
  /** Test helper: the response of the handler of `url`'s scheme. */
  async fetch(url: string, method = 'GET'): Promise<Response> {
    const handler = protocolHandlers.get(url.slice(0, url.indexOf(':')));
    if (!handler) throw new Error(`No handler for ${url}`);
    return handler(new Request(url, { method }));
  },
};

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void;
type PermissionCheckHandler = (webContents: unknown, permission: string, origin: string) => boolean;

/** The default session's permission handlers. */
export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      session.defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
      session.defaultSession.permissionCheckHandler = handler;
    },
  },
};

/** dialog: answers "cancelled" unless a test says otherwise. */
export const dialog = {
  showOpenDialog: vi.fn(async (_window: unknown, _options: unknown) => ({
    canceled: true,
    filePaths: [] as string[],
  })),
  showErrorBox: vi.fn((_title: string, _content: string) => {}),
  /** The index of the button chosen; the first ("OK", "Stop…") unless a test says otherwise. */
  showMessageBoxSync: vi.fn((..._args: unknown[]) => 0),
};

/** shell: nothing leaves the test. */
export const shell = {
  openExternal: vi.fn(async (_url: string) => {}),
};

/** Menu: keeps the template that was built and set. */
export const Menu = {
  applicationMenu: null as { template: unknown[] } | null,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    Menu.applicationMenu = menu;
  },
};

/** app: an event emitter with the few methods the main process calls. */
export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  enableSandbox: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: vi.fn(async () => {}),
  quit: vi.fn(),
  exit: vi.fn(),
});

/** Forgets every window, handler, exposed API and recorded call. */
export function resetElectronFake(): void {
  for (const window of [...windows]) window.destroy();
  BrowserWindow.focused = null;
  invokeHandlers.clear();
  protocolHandlers.clear();
  protocol.privilegedSchemes.length = 0;
  attached = null;
  rendererEmitter.removeAllListeners();
  for (const key of Object.keys(exposedInMainWorld)) delete exposedInMainWorld[key];
  session.defaultSession.permissionRequestHandler = null;
  session.defaultSession.permissionCheckHandler = null;
  Menu.applicationMenu = null;
  app.removeAllListeners();
  vi.clearAllMocks();
}
