import type { IncomingHttpHeaders } from 'node:http';
import { Controller, Get, HttpCode, Inject, Post, Query, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { InboundMessages, PLUGIN_OPTIONS, Public, sameSecret } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { CHANNEL, checkSignature, parseWebhook } from '../services/whatsapp-webhook.parser';
import type { WhatsAppOptions } from '../whatsapp-options';

type Refusal = { error: { code: string; message: string } };

/** Meta's challenges are numbers; anything else is not echoed back. */
const CHALLENGE = /^[A-Za-z0-9._-]{1,256}$/;

function reasonOf(problems: string[]): string {
  const shown = problems.slice(0, 10).join('; ');
  return problems.length > 10 ? `${shown}; and ${problems.length - 10} more` : shown;
}

/**
 * WhatsApp's webhook: the verification handshake (GET) and the signed notifications (POST). Public, and trusted
 * only once `X-Hub-Signature-256` has verified over the raw body.
 */
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: WhatsAppOptions,
    private readonly inbound: InboundMessages,
  ) {}

  @Public()
  @Get()
  verify(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): string | Refusal {
    const challenge = query['hub.challenge'];
    if (query['hub.mode'] === 'subscribe' && sameSecret(query['hub.verify_token'], this.options.verifyToken) && typeof challenge === 'string' && CHALLENGE.test(challenge)) {
      void reply.status(200).type('text/plain; charset=utf-8');
      return challenge;
    }
    void reply.status(403);
    return { error: { code: 'WEBHOOK_VERIFY_TOKEN_INVALID', message: 'hub.mode or hub.verify_token does not match' } };
  }

  @Public()
  @Post()
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<{ headers: IncomingHttpHeaders }>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ received: true } | Refusal> {
    const raw = request.rawBody ?? Buffer.alloc(0);
    const signature = checkSignature(this.options.appSecret, raw, request.headers['x-hub-signature-256']);
    if (signature === 'missing') {
      void reply.status(401);
      return { error: { code: 'WEBHOOK_SIGNATURE_MISSING', message: 'The X-Hub-Signature-256 header is missing' } };
    }
    if (signature === 'invalid') {
      void reply.status(403);
      return { error: { code: 'WEBHOOK_SIGNATURE_INVALID', message: 'The X-Hub-Signature-256 signature does not match the body' } };
    }

    const body = raw.toString('utf8');
    const parsed = parseWebhook(body, this.options.accounts);
    // Meta would only send the same payload again: keep what can't be read, and answer 200.
    if (parsed.problems.length > 0) await this.inbound.receiveMalformed({ channel: CHANNEL, body, reason: reasonOf(parsed.problems) });
    // In the payload's order: the core stores each once and queues it, in order per conversation.
    for (const message of parsed.messages) await this.inbound.receive(message);
    for (const status of parsed.statuses) await this.inbound.updateStatus(status);
    for (const consent of parsed.consents) await this.inbound.changeConsent(consent);
    return { received: true };
  }
}
