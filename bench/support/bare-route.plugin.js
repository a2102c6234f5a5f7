// For benchmarks only: a plugin that registers `POST /bench/bare` directly on the API's Fastify instance (during
// module init, before Fastify is ready). The route goes through the same HTTP server and JSON body parser (raw body
// kept) as the webhooks, then answers what a webhook answers without doing anything: the server's ceiling.
const { Inject, Injectable, Module } = require('@nestjs/common');
const { HttpAdapterHost } = require('@nestjs/core');
const { definePlugin, z } = require('@parley/plugin-sdk');

class BareRoute {
  constructor(host) {
    this.host = host;
  }

  onModuleInit() {
    const fastify = this.host.httpAdapter?.getInstance();
    // A worker has no HTTP server: nothing to register there.
    if (!fastify) return;
    fastify.post('/bench/bare', async () => ({ received: true }));
  }
}
Injectable()(BareRoute);
Inject(HttpAdapterHost)(BareRoute, undefined, 0);

class BareRouteModule {}
Module({ providers: [BareRoute] })(BareRouteModule);

module.exports.plugin = definePlugin({
  name: 'parley-bench-bare-route',
  version: '0.0.0',
  sdk: '^0.1.0',
  kinds: ['generic'],
  description: 'POST /bench/bare: the HTTP server answering with no work, for benchmarks.',
  options: z.object({}),
  module: BareRouteModule,
});
