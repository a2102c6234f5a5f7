import { parentPort } from 'node:worker_threads';
import { renderEach, UnreadableImageError } from './image-renditions';
import type { RenditionReply, RenditionRequest } from './rendition-thread';

// The rendition thread's side (see rendition-thread.ts): renders each original it is sent, posting every rendition
// back as soon as it is encoded, then that it is done or why it failed.
const port = parentPort!;
port.on('message', ({ id, original }: RenditionRequest) => {
  const reply = (message: RenditionReply) => port.postMessage(message);
  renderEach(Buffer.from(original.buffer, original.byteOffset, original.byteLength), async (rendition) => reply({ id, rendition })).then(
    () => reply({ id, done: true }),
    (error: Error) => reply({ id, error: { unreadable: error instanceof UnreadableImageError, message: error.message } }),
  );
});
