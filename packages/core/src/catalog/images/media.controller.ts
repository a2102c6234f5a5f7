import { Controller, Get, Param, Res } from '@nestjs/common';
import { Public } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { ProductImageService } from './product-image.service';

/**
 * Image renditions for everyone: `GET /media/<key>`. A key contains the SHA-256 of the picture, so what a URL serves
 * never changes: browsers, CDNs and chat apps may keep it for a year without asking again.
 */
@Controller('media')
export class MediaController {
  constructor(private readonly images: ProductImageService) {}

  @Public()
  @Get('*')
  async serve(@Param('*') key: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.images.publicFile(key);
    await reply
      .header('content-type', file.contentType)
      .header('content-length', file.bytes)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  }
}
