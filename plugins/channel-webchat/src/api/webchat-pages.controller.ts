import { Controller, Get, Param, Res } from '@nestjs/common';
import { Public } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { StoreDirectory } from '../services/store-directory.service';
import { WebchatAssets } from '../services/webchat-assets.service';

// Not versioned in their URL: caches may keep them a few minutes, then check again.
const ASSET_CACHE = 'public, max-age=300';
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
// The hosted page runs only the widget from this server; it talks to this server's /graphql, shows pictures of
// the store's catalog (any https host) and opens payment links in a new tab.
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'";

/** The widget's script and stylesheet for any site, and the hosted chat page /chat/<store>. */
@Public()
@Controller()
export class WebchatPagesController {
  constructor(
    private readonly assets: WebchatAssets,
    private readonly stores: StoreDirectory,
  ) {}

  @Get('webchat/widget.js')
  script(@Res() reply: FastifyReply): Promise<void> {
    return this.asset(reply, 'application/javascript; charset=utf-8', this.assets.script);
  }

  @Get('webchat/widget.css')
  stylesheet(@Res() reply: FastifyReply): Promise<void> {
    return this.asset(reply, 'text/css; charset=utf-8', this.assets.stylesheet);
  }

  @Get('chat/:store')
  async page(@Param('store') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const name = SLUG.test(slug) ? await this.stores.nameOf(slug) : null;
    void reply.header('x-content-type-options', 'nosniff').header('content-security-policy', PAGE_POLICY).type('text/html; charset=utf-8');
    if (name === null) {
      await reply.status(404).header('cache-control', 'no-store').send('<!doctype html><meta charset="utf-8"><title>Not found</title><p>There is no store at this address.</p>');
      return;
    }
    await reply.header('cache-control', 'no-cache').send(this.assets.page({ slug, name }));
  }

  private async asset(reply: FastifyReply, type: string, body: string): Promise<void> {
    await reply.header('cache-control', ASSET_CACHE).header('x-content-type-options', 'nosniff').type(type).send(body);
  }
}
