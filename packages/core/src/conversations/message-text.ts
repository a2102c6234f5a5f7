import type { InboundContent, OutboundContent } from '@parley/plugin-sdk';

/** A message as one line of plain text, for conversation lists, staff screens and search. */
export function messageText(content: InboundContent | OutboundContent): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'reply':
      return content.title;
    case 'cart':
      return [content.text, `[cart: ${content.items.map((item) => `${item.quantity} × ${item.productRetailerId}`).join(', ')}]`].filter(Boolean).join(' ');
    case 'location':
      return `[location] ${content.address ?? content.name ?? `${content.latitude}, ${content.longitude}`}`;
    case 'media':
      return [`[${content.mediaKind}]`, content.caption].filter(Boolean).join(' ');
    case 'contacts':
      return `[contacts] ${content.contacts.map((contact) => contact.name).join(', ')}`;
    case 'unknown':
      return `[unsupported: ${content.providerType}]`;
    case 'buttons':
      return `${content.text} [${content.buttons.map((button) => button.title).join(' | ')}]`;
    case 'list':
      return `${content.text} [${content.sections.flatMap((section) => section.rows.map((row) => row.title)).join(' | ')}]`;
    case 'product':
      return [content.text, `[product ${content.productRetailerId}]`].filter(Boolean).join(' ');
    case 'product_list':
      return `${content.header}: ${content.text}`;
    case 'image':
      return [`[image]`, content.caption].filter(Boolean).join(' ');
    case 'location_request':
      return content.text;
    case 'payment_link':
      return `${content.text} ${content.url}`;
    case 'template':
      return `[template ${content.name}] ${content.parameters.join(', ')}`;
  }
}
