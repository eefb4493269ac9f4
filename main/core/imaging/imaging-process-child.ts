/**
 * The imaging child process: a plain Node (never Electron) running the same in-thread imaging
 * pool as the CLI, answering the parent's messages (imaging-process-protocol.ts). Bundled to
 * dist/imaging-process-child.mjs beside the imaging worker it starts.
 */
import { createImagingPool } from './imaging-pool';
import type {
  FromImagingChild,
  ImagingChildConfig,
  ToImagingChild,
} from './imaging-process-protocol';
import { ImagingError } from './imaging-protocol';
import type { ImagingKind, ImagingKinds, ImagingResponseOf } from './imaging-protocol';
import { errorMessage } from '../../../common/errors';

const config = JSON.parse(process.argv[2] ?? '{}') as ImagingChildConfig;
const pool = createImagingPool({ threads: config.threads, tempTag: config.tempTag });
const running = new Map<number, AbortController>();
let shuttingDown = false;

function send(message: FromImagingChild): void {
  // The parent may be gone already; then nobody is waiting for the answer.
  if (process.connected) process.send?.(message);
}

async function handle(message: ToImagingChild): Promise<void> {
  switch (message.type) {
    case 'derivatives':
      return answer(message.id, (signal) => pool.makeDerivatives(message.request, signal));
    case 'fullSize':
      return answer(message.id, (signal) => pool.makeFullSize(message.request, signal));
    case 'cancel':
      running.get(message.id)?.abort();
      return;
    case 'shutdown':
      await shutDown();
      return;
  }
}

/** Runs request `id` on the pool, cancellable by id, and sends its answer, errors as data. */
async function answer<K extends ImagingKind>(
  id: number,
  work: (signal: AbortSignal) => Promise<ImagingKinds[K]['result']>,
): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  let response: ImagingResponseOf<K>;
  try {
    response = { ok: true, value: await work(controller.signal) };
  } catch (error) {
    response = {
      ok: false,
      error:
        error instanceof ImagingError
          ? error.toData()
          : { code: 'INTERNAL', message: errorMessage(error) },
    };
  } finally {
    running.delete(id);
  }
  send({ type: 'answer', id, response });
}

async function shutDown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  // destroy() answers every task (CANCELLED, or done) before the threads stop.
  await pool.destroy();
  // Let the last answers leave before the channel closes.
  await new Promise<void>((resolve) => setImmediate(resolve));
  // Only while connected: after the parent went away, disconnect() throws ERR_IPC_DISCONNECTED.
  if (process.connected) process.disconnect();
  process.exit(0);
}

process.on('message', (message: ToImagingChild) => {
  void handle(message);
});
// The parent died or closed the channel: nobody will read the answers, stop now.
process.on('disconnect', () => {
  void shutDown();
});
