import type { ChannelCapabilities, OutboundContent } from '@parley/plugin-sdk';

/**
 * Fits a message to what its channel can show. Choices a channel can't show as buttons or a list become a numbered
 * text, which the assistant understands answered with "2" or "b" on every channel.
 */
export function fitToChannel(content: OutboundContent, capabilities: ChannelCapabilities): OutboundContent {
  switch (content.type) {
    case 'buttons':
      if (capabilities.buttons && content.buttons.length <= capabilities.buttons.max) return content;
      return fitToChannel({ type: 'list', text: content.text, buttonLabel: content.buttonLabel ?? '…', sections: [{ title: '', rows: content.buttons }] }, capabilities);
    case 'list':
      if (capabilities.lists) return content;
      return numbered(content.text, content.sections.flatMap((section) => section.rows));
    case 'product':
      return capabilities.productMessages ? content : { type: 'text', text: content.text ?? content.productRetailerId };
    case 'product_list':
      return capabilities.productMessages ? content : { type: 'text', text: `${content.header}\n${content.text}` };
    default:
      return content;
  }
}

function numbered(text: string, rows: { title: string; description?: string }[]): OutboundContent {
  const lines = rows.map((row, index) => `${index + 1}. ${row.title}${row.description ? ` (${row.description})` : ''}`);
  return { type: 'text', text: `${text}\n\n${lines.join('\n')}` };
}
