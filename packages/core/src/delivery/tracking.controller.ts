import { Controller, Get, Param, Res } from '@nestjs/common';
import { DomainError, Public } from '@parley/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { type TrackedOrder, TrackingService } from './tracking.service';

const LABELS: Record<string, string> = {
  placed: 'Order received',
  awaiting_payment: 'Waiting for payment',
  confirmed: 'Accepted by the restaurant',
  preparing: 'Being prepared',
  ready: 'Ready',
  out_for_delivery: 'On its way',
  delivered: 'Delivered',
  picked_up: 'Picked up',
  cancelled: 'Cancelled',
  rejected: 'Declined by the restaurant',
  refunded: 'Refunded',
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function time(at: Date): string {
  return at.toISOString().slice(11, 16);
}

function page(order: TrackedOrder): string {
  const steps = [...order.timeline, ...order.deliverySteps].sort((a, b) => a.at.getTime() - b.at.getTime());
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30"><title>Order #${order.number} · ${escape(order.storeName)}</title>
<style>body{font:16px/1.4 system-ui,sans-serif;margin:0;padding:16px;max-width:480px;margin:auto;color:#222}
h1{font-size:20px;margin:0 0 4px}.status{font-size:24px;font-weight:600;margin:12px 0}.muted{color:#666}
ul{padding-left:20px}ol{list-style:none;padding:0;border-left:3px solid #ddd}ol li{padding:4px 0 4px 12px}
a.button{display:inline-block;padding:10px 14px;background:#222;color:#fff;border-radius:6px;text-decoration:none}</style></head>
<body><h1>${escape(order.storeName)}</h1><div class="muted">Order #${order.number}${order.customerFirstName ? ` for ${escape(order.customerFirstName)}` : ''}</div>
<div class="status">${escape(LABELS[order.status] ?? order.status)}</div>
${order.eta ? `<p>Expected at <strong>${time(order.eta)}</strong> (UTC)</p>` : ''}
${order.driverFirstName ? `<p>Your driver: ${escape(order.driverFirstName)}</p>` : ''}
${order.trackingUrl ? `<p><a class="button" href="${escape(order.trackingUrl)}" rel="noopener">Follow on the map</a></p>` : ''}
<h2>Items</h2><ul>${order.items.map((item) => `<li>${item.quantity} × ${escape(item.name)}</li>`).join('')}</ul>
<h2>Progress</h2><ol>${steps.map((step) => `<li><span class="muted">${time(step.at)}</span> ${escape(LABELS[step.status] ?? step.status)}${step.note ? ` · ${escape(step.note)}` : ''}</li>`).join('')}</ol>
</body></html>`;
}

/** The small public tracking page sent to customers in the chat: /t/<code>. */
@Controller('t')
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Public()
  @Get(':code')
  async show(@Param('code') code: string, @Res() reply: FastifyReply): Promise<void> {
    try {
      const order = await this.tracking.track(code);
      await reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page(order));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await reply.status(404).type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><title>Not found</title><p>No order has this tracking code.</p>');
    }
  }
}
