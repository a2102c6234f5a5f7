import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { ImageTooLargeError, UnsupportedImageTypeError } from './image.errors';

/**
 * Lets the API accept image bodies (`image/*` and `application/octet-stream`) and hands them to the route unread, as
 * a stream: the route stops reading at its own size limit and answers IMAGE_TOO_LARGE, where Fastify's global body
 * limit would answer with an error of its own shape.
 */
@Injectable()
export class ImageUploadParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // The worker has no HTTP server.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const passThrough = (_request: FastifyRequest, payload: Readable, done: (error: Error | null, body?: unknown) => void) =>
      done(null, payload);
    fastify.addContentTypeParser(/^image\//i, passThrough);
    fastify.addContentTypeParser('application/octet-stream', passThrough);
  }
}

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | null)?.on === 'function' && typeof (body as Readable).read === 'function';
}

/** The uploaded bytes, refusing more than `maxBytes` as soon as that many have arrived (or Content-Length says so). */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  const body = request.body;
  if (!isReadable(body)) throw new UnsupportedImageTypeError('Send the image bytes as the body, with an image/* or application/octet-stream type');
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) throw new ImageTooLargeError(maxBytes);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    body.on('data', (chunk: Buffer) => {
      if (received > maxBytes) return;
      received += chunk.length;
      if (received > maxBytes) {
        // Keep reading and dropping the rest rather than destroying the stream, which would close the connection
        // before the client hears why.
        chunks.length = 0;
        reject(new ImageTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => received <= maxBytes && resolve(Buffer.concat(chunks, received)));
    body.once('error', reject);
  });
}
