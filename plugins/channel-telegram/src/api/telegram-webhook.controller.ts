import type { IncomingHttpHeaders } from 'node:http';
import { Controller, HttpCode, Inject, Param, Post, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { PLUGIN_OPTIONS, Public, sameSecret } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { TelegramUpdatesService } from '../services/telegram-updates.service';
import { botIdOf, type TelegramOptions } from '../telegram-options';

type Refusal = { error: { code: string; message: string } };

/**
 * One webhook per bot, at `/webhooks/telegram/<bot id>` (the public number before the colon of its token, never the
 * token). Public, and trusted only once `X-Telegram-Bot-Api-Secret-Token` matches the bot's secret token.
 */
@Controller('webhooks/telegram')
export class TelegramWebhookController {
  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: TelegramOptions,
    private readonly updates: TelegramUpdatesService,
  ) {}

  @Public()
  @Post(':botId')
  @HttpCode(200)
  async receive(
    @Param('botId') botId: string,
    @Req() request: RawBodyRequest<{ headers: IncomingHttpHeaders }>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ ok: true } | Refusal> {
    const bot = this.options.bots.find((candidate) => botIdOf(candidate.token) === botId);
    if (!bot) {
      void reply.status(404);
      return { error: { code: 'TELEGRAM_BOT_UNKNOWN', message: 'No Telegram bot with this id is configured' } };
    }
    const secret = request.headers['x-telegram-bot-api-secret-token'];
    if (secret === undefined || secret === '') {
      void reply.status(401);
      return { error: { code: 'WEBHOOK_SIGNATURE_MISSING', message: 'The X-Telegram-Bot-Api-Secret-Token header is missing' } };
    }
    if (!sameSecret(secret, bot.secretToken)) {
      void reply.status(403);
      return { error: { code: 'WEBHOOK_SIGNATURE_INVALID', message: "The X-Telegram-Bot-Api-Secret-Token header does not match the bot's secret token" } };
    }
    await this.updates.receive(bot, (request.rawBody ?? Buffer.alloc(0)).toString('utf8'));
    return { ok: true };
  }
}
