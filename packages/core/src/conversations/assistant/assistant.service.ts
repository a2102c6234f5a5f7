import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AssistantLanguage,
  DomainError,
  ExtensionRegistry,
  type InboundContent,
  type Intent,
  type MessageUnderstanding,
  type OutboundContent,
  type WantedItem,
} from '@parley/plugin-sdk';
import type { Menu, MenuProduct } from '../../catalog/menu.types';
import { MenuService } from '../../catalog/menu.service';
import type { AppConfig } from '../../config/config.schema';
import { APP_CONFIG } from '../../config/config.module';
import type { Fulfilment } from '../../orders/cart.entity';
import { CartService, type PricedCart } from '../../orders/cart.service';
import { DeliveryZoneService } from '../../orders/delivery-zone.service';
import { ActorType } from '../../orders/order-event.entity';
import type { Order } from '../../orders/order.entity';
import { OrderService } from '../../orders/order.service';
import { OrderStatus } from '../../orders/order-status';
import { PaymentService } from '../../payments/payment.service';
import { isStoreOpen, nextOpening } from '../../stores/opening-hours';
import { type Store, WhenClosed } from '../../stores/store.entity';
import type { Contact } from '../contact.entity';
import type { Conversation } from '../conversation.entity';
import { isPhoneNumber } from '../phone-number';
import { RulesUnderstanding } from '../understanding/rules-understanding';
import { type AssistantState, INITIAL_STATE } from './assistant-state';
import { ASSISTANT_TEXTS, type AssistantTexts, assistantLanguage, formatMoney, formatTime } from './assistant-texts';
import { menuForUnderstanding } from './menu-for-understanding';

/** One customer message for the assistant to answer. */
export interface Turn {
  store: Store;
  contact: Contact;
  conversation: Conversation;
  content: InboundContent;
  referredProductId?: string;
  /** Staff are answering this conversation: only the opt-out and opt-in keywords are acted on. */
  silent: boolean;
}

export interface TurnResult {
  replies: OutboundContent[];
  state: AssistantState;
  /** The customer asked for a person (or the assistant could not help). */
  handOff: boolean;
  /** The customer chose to be spoken to in this language. */
  language?: AssistantLanguage;
  /** The customer opted out (false) or back in (true) by keyword. */
  optedIn?: boolean;
}

interface Choice {
  id: string;
  title: string;
  description?: string;
}

/** The per-message working set: who, where, in which language, what to answer. */
interface Context {
  turn: Turn;
  store: Store;
  language: AssistantLanguage;
  t: AssistantTexts;
  state: AssistantState;
  replies: OutboundContent[];
  result: Omit<TurnResult, 'replies' | 'state'>;
  menu?: Menu;
}

// A list message holds 10 rows: 9 items and a "More…" row when there are more.
const ROWS = 10;
const PICKUP_OFFSETS: Record<string, number> = { asap: 0, in30: 30, in60: 60 };

/**
 * The ordering assistant: deterministic, fast and forgiving. It reads the customer's message through the registered
 * understanding (the core's rules unless a plugin provides one), then moves the dialog on: menu, items, cart,
 * checkout, payment, status. Everything it changes goes through the same services the GraphQL API uses.
 */
@Injectable()
export class AssistantService {
  private readonly logger = new Logger('Assistant');
  private readonly rules = new RulesUnderstanding();

  constructor(
    private readonly menus: MenuService,
    private readonly carts: CartService,
    private readonly orders: OrderService,
    private readonly payments: PaymentService,
    private readonly zones: DeliveryZoneService,
    private readonly extensions: ExtensionRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async respond(turn: Turn): Promise<TurnResult> {
    const language = assistantLanguage(turn.contact.language, turn.store.defaultLanguage);
    const context: Context = {
      turn,
      store: turn.store,
      language,
      t: ASSISTANT_TEXTS[language],
      state: { ...INITIAL_STATE, ...turn.conversation.assistantState },
      replies: [],
      result: { handOff: false },
    };
    try {
      await this.handle(context);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A rule said no in a way the dialog did not foresee: say so plainly rather than leave the customer waiting.
      this.logger.warn(`Assistant refused: ${error.code}`);
      this.say(context, context.t.error);
    }
    if (context.replies.every((reply) => reply.type !== 'buttons' && reply.type !== 'list')) context.state.offered = [];
    return { replies: context.replies, state: context.state, ...context.result };
  }

  private async handle(context: Context): Promise<void> {
    const { turn } = context;
    const understood = await this.understand(context);
    const intent = understood?.intent;

    if (intent?.kind === 'stop') return this.optOut(context);
    if (intent?.kind === 'start') return this.optIn(context);
    if (turn.silent || turn.contact.optedOut) return;

    if (turn.referredProductId) {
      const product = (await this.loadMenu(context)).categories.flatMap((category) => category.products).find((candidate) =>
        candidate.variants.some((variant) => variant.sku === turn.referredProductId),
      );
      if (product) return this.showProduct(context, product);
    }

    switch (turn.content.type) {
      case 'cart':
        return this.cartFromCatalog(context, turn.content.items);
      case 'location':
        if (context.state.step === 'address') {
          return this.deliverTo(context, {
            type: 'delivery',
            address: turn.content.address ?? turn.content.name ?? `${turn.content.latitude}, ${turn.content.longitude}`,
            postcode: null,
            latitude: turn.content.latitude,
            longitude: turn.content.longitude,
          });
        }
        return this.say(context, context.t.mediaReceived);
      case 'reply':
        return this.choose(context, turn.content.id);
      case 'media':
      case 'contacts':
        return this.say(context, context.t.mediaReceived);
      case 'unknown':
        return this.say(context, context.t.unsupported);
      case 'text':
        break;
    }
    if (!intent) return;
    if (context.state.step === 'address' && (intent.kind === 'unknown' || intent.kind === 'add')) {
      return this.deliverTo(context, { type: 'delivery', address: turn.content.text.trim(), postcode: postcodeIn(turn.content.text), latitude: null, longitude: null });
    }
    if (intent.kind !== 'unknown') context.state.misunderstood = 0;
    if (understood?.detectedLanguage && !turn.contact.language && understood.detectedLanguage !== context.language) {
      this.switchLanguage(context, understood.detectedLanguage, false);
    }
    await this.act(context, intent);
  }

  private async understand(context: Context) {
    const { content } = context.turn;
    if (content.type !== 'text' && !(content.type === 'cart' && content.text)) return null;
    const text = content.type === 'text' ? content.text : (content.text ?? '');
    const understanding: MessageUnderstanding = this.extensions.list('understanding')[0] ?? this.rules;
    const menu = await this.loadMenu(context);
    return understanding.understand({
      text,
      language: context.language,
      menu: menuForUnderstanding(menu),
      offered: context.state.offered ?? [],
      searchProducts: async (words) =>
        (await this.menus.search(context.store.slug, words, context.language, 5)).map((hit) => ({
          productId: hit.product.id,
          variantId: hit.variant.id,
          score: hit.score,
        })),
    });
  }

  private async act(context: Context, intent: Intent): Promise<void> {
    const { t } = context;
    switch (intent.kind) {
      case 'greet':
        this.say(context, t.welcome(context.store.name));
        return this.showCategories(context, 0);
      case 'menu':
        return intent.categoryId ? this.showProducts(context, intent.categoryId, 0) : this.showCategories(context, 0);
      case 'add':
        for (const words of intent.unmatched) this.say(context, t.notFound(words));
        if (intent.items.length === 0) return intent.unmatched.length ? undefined : this.notUnderstood(context);
        return this.addItems(context, intent.items);
      case 'remove':
        return this.removeItem(context, intent.productId, intent.text);
      case 'set_quantity':
        return this.setQuantity(context, intent.productId, intent.quantity);
      case 'cart':
        return this.showCart(context);
      case 'clear_cart':
        context.state.cartId = undefined;
        context.state.step = 'idle';
        return this.say(context, t.cartCleared);
      case 'checkout':
        return this.checkout(context);
      case 'choice':
        return this.choose(context, intent.id);
      case 'yes': {
        // "yes" to "shall I go on?" takes the offer that moves the order forward.
        const forward = context.state.offered?.find((choice) => choice.id === 'act:checkout' || choice.id.startsWith('pay:'));
        return forward ? this.choose(context, forward.id) : this.showCategories(context, 0);
      }
      case 'no':
        return this.showCategories(context, 0);
      case 'order_status':
        return this.orderStatus(context);
      case 'reorder':
        return this.reorder(context);
      case 'help':
        return this.say(context, t.help);
      case 'human':
        return this.handOff(context);
      case 'language':
        return this.switchLanguage(context, intent.language, true);
      case 'faq':
        return this.faq(context, intent.topic);
      case 'thanks':
        return this.say(context, t.thanks);
      case 'unknown':
        return this.notUnderstood(context);
      case 'stop':
      case 'start':
        return;
    }
  }

  /** A reply button, a list row, or "2"/"b" for an offered choice. */
  private async choose(context: Context, id: string): Promise<void> {
    const [kind, value, extra] = id.split(':');
    context.state.misunderstood = 0;
    switch (kind) {
      case 'cats':
        return this.showCategories(context, Number(value) || 0);
      case 'cat':
        return this.showProducts(context, value, 0);
      case 'prods':
        return this.showProducts(context, value, Number(extra) || 0);
      case 'prod': {
        const product = await this.menus.product(context.store.slug, value, context.language);
        return product ? this.showProduct(context, product) : this.showCategories(context, 0);
      }
      case 'var':
      case 'mod':
        return this.answerPending(context, kind, value);
      case 'pay':
        return this.pay(context, value);
      case 'act':
        return this.action(context, value);
    }
    return this.notUnderstood(context);
  }

  private async action(context: Context, action: string): Promise<void> {
    switch (action) {
      case 'menu':
        return this.showCategories(context, 0);
      case 'cart':
        return this.showCart(context);
      case 'checkout':
        return this.checkout(context);
      case 'human':
        return this.handOff(context);
      case 'delivery':
      case 'other_address':
        context.state.step = 'address';
        context.replies.push({ type: 'location_request', text: context.t.askAddress });
        return;
      case 'pickup':
        return this.askPickupTime(context);
      case 'asap':
      case 'in30':
      case 'in60':
      case 'preorder':
        return this.pickupAt(context, action);
    }
  }

  // ---- menu

  private async loadMenu(context: Context): Promise<Menu> {
    context.menu ??= await this.menus.menu(context.store.slug, context.language);
    return context.menu;
  }

  private async showCategories(context: Context, offset: number): Promise<void> {
    const menu = await this.loadMenu(context);
    if (menu.categories.length === 0) return this.say(context, context.t.menuEmpty);
    const choices = menu.categories.map((category) => ({ id: `cat:${category.id}`, title: category.name, description: `${category.products.length}` }));
    this.offer(context, context.t.chooseCategory, context.t.categoriesButton, page(choices, offset, (next) => ({ id: `cats:${next}`, title: context.t.more })));
  }

  private async showProducts(context: Context, categoryId: string, offset: number): Promise<void> {
    const menu = await this.loadMenu(context);
    const category = menu.categories.find((candidate) => candidate.id === categoryId);
    if (!category) return this.showCategories(context, 0);
    const choices = category.products.map((product) => ({
      id: `prod:${product.id}`,
      title: product.name,
      description: formatMoney(product.fromPrice.amount, product.fromPrice.currency, context.language),
    }));
    this.offer(
      context,
      context.t.chooseProduct(category.name),
      context.t.productsButton,
      page(choices, offset, (next) => ({ id: `prods:${category.id}:${next}`, title: context.t.more })),
    );
  }

  /** A product picked from a list or a channel's catalog: one of it, asking for what is missing. */
  private showProduct(context: Context, product: MenuProduct): Promise<void> {
    return this.addItems(context, [
      { productId: product.id, variantId: product.variants.length === 1 ? product.variants[0].id : undefined, quantity: 1, modifierIds: [], text: product.name },
    ]);
  }

  // ---- cart

  private async ensureCart(context: Context): Promise<string> {
    if (context.state.cartId) {
      const cart = await this.carts.get(context.store.id, context.state.cartId).catch(() => null);
      if (cart && !cart.cart.orderId) return context.state.cartId;
    }
    const { conversation, contact } = context.turn;
    const cart = await this.carts.create(context.store.id, {
      customerRef: customerRefOf(conversation),
      customerName: contact.name,
      // A channel user id that is a phone number (WhatsApp's) doubles as the phone the store can call; a Telegram
      // chat id only looks like one.
      customerPhone: this.channelUserIdIsPhone(conversation.channel) && isPhoneNumber(conversation.channelUserId) ? conversation.channelUserId : null,
      channel: conversation.channel,
    });
    context.state.cartId = cart.id;
    return cart.id;
  }

  private channelUserIdIsPhone(channel: string): boolean {
    return this.extensions.list('channel').find((adapter) => adapter.channel === channel)?.capabilities.channelUserIdIsPhone === true;
  }

  private mayOrderNow(context: Context): boolean {
    const { store, t } = context;
    if (isStoreOpen(store, new Date()) || store.whenClosed === WhenClosed.preorder) return true;
    const opens = nextOpening(store, new Date());
    this.say(context, t.closed(opens && formatTime(opens, store.timeZone, context.language)));
    return false;
  }

  /** Adds what is complete; asks about the first item that still needs a size or a required choice. */
  private async addItems(context: Context, items: WantedItem[]): Promise<void> {
    if (!this.mayOrderNow(context)) return;
    const menu = await this.loadMenu(context);
    const products = new Map(menu.categories.flatMap((category) => category.products.map((product) => [product.id, product])));
    const added: string[] = [];
    let priced: PricedCart | null = null;
    const pending: WantedItem[] = [];
    for (const item of items) {
      const product = products.get(item.productId);
      if (!product) continue;
      if (pending.length > 0 || this.missing(product, item)) {
        pending.push(item);
        continue;
      }
      const variantId = item.variantId ?? product.variants[0].id;
      priced = await this.carts.addLine(context.store.id, await this.ensureCart(context), { variantId, quantity: item.quantity, modifierIds: item.modifierIds });
      added.push(this.lineText(context, product, variantId, item.modifierIds, item.quantity));
    }
    context.state.pending = pending;
    if (priced) {
      this.offer(context, context.t.added(added.join('\n'), this.money(context, priced.totalAmount)), context.t.optionsButton, [
        { id: 'act:checkout', title: context.t.checkoutButton },
        { id: 'act:menu', title: context.t.menuButton },
        { id: 'act:cart', title: context.t.cartButton },
      ]);
    }
    if (pending.length > 0) return this.askPending(context, products);
    context.state.step = 'idle';
  }

  private missing(product: MenuProduct, item: WantedItem): 'variant' | 'modifiers' | null {
    if (!item.variantId && product.variants.length > 1) return 'variant';
    if (product.modifierGroups.some((group) => group.modifiers.filter((modifier) => item.modifierIds.includes(modifier.id)).length < group.minSelect)) {
      return 'modifiers';
    }
    return null;
  }

  private askPending(context: Context, products: Map<string, MenuProduct>): void {
    const item = context.state.pending![0];
    const product = products.get(item.productId)!;
    const missing = this.missing(product, item);
    if (missing === 'variant') {
      context.state.step = 'variant';
      const choices = product.variants.map((variant) => ({
        id: `var:${variant.id}`,
        title: variant.label || product.name,
        description: formatMoney(variant.price.amount, variant.price.currency, context.language),
      }));
      return this.offer(context, context.t.chooseVariant(product.name), context.t.optionsButton, choices.slice(0, ROWS));
    }
    context.state.step = 'modifiers';
    const group = product.modifierGroups.find((candidate) => candidate.modifiers.filter((modifier) => item.modifierIds.includes(modifier.id)).length < candidate.minSelect)!;
    const choices = group.modifiers
      .filter((modifier) => !item.modifierIds.includes(modifier.id))
      .map((modifier) => ({
        id: `mod:${modifier.id}`,
        title: modifier.name,
        description: modifier.priceDelta.amount ? `+${formatMoney(modifier.priceDelta.amount, modifier.priceDelta.currency, context.language)}` : undefined,
      }));
    this.offer(context, context.t.chooseModifier(group.name, product.name), context.t.optionsButton, choices.slice(0, ROWS));
  }

  private async answerPending(context: Context, kind: 'var' | 'mod', id: string): Promise<void> {
    const [item, ...rest] = context.state.pending ?? [];
    if (!item) return this.showCategories(context, 0);
    const answered = kind === 'var' ? { ...item, variantId: id } : { ...item, modifierIds: [...item.modifierIds, id] };
    return this.addItems(context, [answered, ...rest]);
  }

  private lineText(context: Context, product: MenuProduct, variantId: string, modifierIds: string[], quantity: number): string {
    const variant = product.variants.find((candidate) => candidate.id === variantId);
    const modifiers = product.modifierGroups.flatMap((group) => group.modifiers).filter((modifier) => modifierIds.includes(modifier.id));
    const details = [variant?.label, ...modifiers.map((modifier) => modifier.name)].filter(Boolean).join(', ');
    return `${quantity} × ${product.name}${details ? ` (${details})` : ''}`;
  }

  private cartLines(context: Context, priced: PricedCart): string {
    return priced.lines
      .map((line) => {
        const details = [Object.values(line.variant.options).join(' '), ...line.modifiers.map((modifier) => modifier.name)].filter(Boolean).join(', ');
        return `${line.line.quantity} × ${line.product.name}${details ? ` (${details})` : ''}: ${this.money(context, line.lineAmount)}`;
      })
      .join('\n');
  }

  private async currentCart(context: Context): Promise<PricedCart | null> {
    if (!context.state.cartId) return null;
    const priced = await this.carts.get(context.store.id, context.state.cartId).catch(() => null);
    return priced && !priced.cart.orderId ? priced : null;
  }

  private async showCart(context: Context): Promise<void> {
    const priced = await this.currentCart(context);
    if (!priced || priced.lines.length === 0) {
      return this.offer(context, context.t.cartEmpty, context.t.optionsButton, [{ id: 'act:menu', title: context.t.menuButton }]);
    }
    this.offer(context, context.t.cart(this.cartLines(context, priced), this.money(context, priced.totalAmount)), context.t.optionsButton, [
      { id: 'act:checkout', title: context.t.checkoutButton },
      { id: 'act:menu', title: context.t.menuButton },
    ]);
  }

  /** The line a customer means: the product they named, else the one they added last. */
  private lineOf(priced: PricedCart, productId: string | undefined) {
    return productId ? priced.lines.find((line) => line.product.id === productId) : priced.lines.at(-1);
  }

  private async removeItem(context: Context, productId: string | undefined, words: string): Promise<void> {
    const priced = await this.currentCart(context);
    const line = priced && productId ? this.lineOf(priced, productId) : undefined;
    if (!priced || !line) return this.say(context, context.t.notInCart(words));
    await this.carts.removeLine(context.store.id, priced.cart.id, line.line.id);
    this.say(context, context.t.removed(line.product.name));
    return this.showCart(context);
  }

  private async setQuantity(context: Context, productId: string | undefined, quantity: number): Promise<void> {
    const priced = await this.currentCart(context);
    const line = priced && this.lineOf(priced, productId);
    if (!priced || !line) return this.showCart(context);
    await this.carts.updateLine(context.store.id, priced.cart.id, line.line.id, { quantity });
    return this.showCart(context);
  }

  /** A cart sent from the channel's own catalog: priced again from the store's catalog, then straight to checkout. */
  private async cartFromCatalog(context: Context, items: { productRetailerId: string; quantity: number }[]): Promise<void> {
    if (!this.mayOrderNow(context)) return;
    const menu = await this.loadMenu(context);
    const variants = new Map(menu.categories.flatMap((category) => category.products.flatMap((product) => product.variants.map((variant) => [variant.sku, { product, variant }] as const))));
    context.state.cartId = undefined;
    for (const item of items) {
      const found = variants.get(item.productRetailerId);
      if (!found) {
        this.say(context, context.t.notFound(item.productRetailerId));
        continue;
      }
      const wanted: WantedItem = { productId: found.product.id, variantId: found.variant.id, quantity: item.quantity, modifierIds: [], text: found.product.name };
      if (this.missing(found.product, wanted)) {
        context.state.pending = [...(context.state.pending ?? []), wanted];
        continue;
      }
      await this.carts.addLine(context.store.id, await this.ensureCart(context), { variantId: found.variant.id, quantity: Math.min(item.quantity, 99) });
    }
    if (context.state.pending?.length) return this.addItems(context, context.state.pending);
    return this.checkout(context);
  }

  // ---- checkout

  private async checkout(context: Context): Promise<void> {
    const priced = await this.currentCart(context);
    if (!priced || priced.lines.length === 0) {
      return this.offer(context, context.t.cartEmpty, context.t.optionsButton, [{ id: 'act:menu', title: context.t.menuButton }]);
    }
    if (!this.mayOrderNow(context)) return;
    const openNow = isStoreOpen(context.store, new Date());
    const delivers = openNow && (await this.zones.list(context.store.id)).length > 0;
    if (!delivers) return this.askPickupTime(context);
    context.state.step = 'fulfilment';
    this.offer(context, context.t.askFulfilment, context.t.optionsButton, [
      { id: 'act:delivery', title: context.t.deliveryButton },
      { id: 'act:pickup', title: context.t.pickupButton },
    ]);
  }

  private askPickupTime(context: Context): void {
    const { store, t } = context;
    context.state.step = 'pickup_time';
    if (!isStoreOpen(store, new Date())) {
      const opens = nextOpening(store, new Date());
      if (!opens) return this.say(context, t.closed(null));
      return this.offer(context, t.closedPreorder(formatTime(opens, store.timeZone, context.language)), t.optionsButton, [
        { id: 'act:preorder', title: t.pickupButton },
        { id: 'act:menu', title: t.menuButton },
      ]);
    }
    this.offer(context, t.askPickupTime, t.optionsButton, [
      { id: 'act:asap', title: t.asapButton },
      { id: 'act:in30', title: t.in30Button },
      { id: 'act:in60', title: t.in60Button },
    ]);
  }

  private async pickupAt(context: Context, choice: string): Promise<void> {
    const cartId = await this.ensureCart(context);
    const at = choice === 'preorder' ? nextOpening(context.store, new Date()) : choice === 'asap' ? null : new Date(Date.now() + PICKUP_OFFSETS[choice] * 60_000);
    if (choice === 'preorder' && at) this.say(context, context.t.preorderAt(formatTime(at, context.store.timeZone, context.language)));
    const fulfilment: Fulfilment = { type: 'pickup', pickupAt: at ? at.toISOString() : null };
    try {
      const priced = await this.carts.setFulfilment(context.store.id, cartId, fulfilment);
      return this.askPayment(context, priced);
    } catch (error) {
      if ((error as DomainError).code !== 'PICKUP_TIME_INVALID') throw error;
      return this.askPickupTime(context);
    }
  }

  private async deliverTo(context: Context, fulfilment: Fulfilment): Promise<void> {
    const cartId = await this.ensureCart(context);
    try {
      const priced = await this.carts.setFulfilment(context.store.id, cartId, fulfilment);
      return this.askPayment(context, priced);
    } catch (error) {
      if ((error as DomainError).code !== 'OUTSIDE_DELIVERY_ZONE') throw error;
      context.state.step = 'fulfilment';
      this.offer(context, context.t.outsideZone, context.t.optionsButton, [
        { id: 'act:pickup', title: context.t.pickupButton },
        { id: 'act:other_address', title: context.t.otherAddressButton },
      ]);
    }
  }

  private askPayment(context: Context, priced: PricedCart): void {
    const { t } = context;
    context.state.step = 'payment';
    const online = this.extensions.list('payment').slice(0, 1).map((provider) => ({ id: `pay:${provider.code}`, title: t.payOnlineButton }));
    const offline = priced.cart.fulfilment?.type === 'delivery' ? { id: 'pay:cash', title: t.cashButton } : { id: 'pay:pay_at_pickup', title: t.payAtPickupButton };
    this.offer(context, t.askPayment(this.money(context, priced.totalAmount)), t.optionsButton, [...online, offline]);
  }

  private async pay(context: Context, method: string): Promise<void> {
    const { store, t, state } = context;
    const priced = await this.currentCart(context);
    if (!priced || priced.lines.length === 0) return this.showCart(context);
    let order: Order;
    try {
      order = await this.orders.place(store.id, priced.cart.id, method, { type: ActorType.customer, id: customerRefOf(context.turn.conversation) });
    } catch (error) {
      return this.refused(context, error, priced, method);
    }
    state.lastOrderId = order.id;
    state.cartId = undefined;
    state.pending = [];
    const total = this.money(context, order.totalAmount);
    if (method === 'cash' || method === 'pay_at_pickup') {
      state.step = 'idle';
      return this.say(context, t.confirmed(order.number, total, this.trackingUrl(order)));
    }
    const payment = await this.payments.createLink(store.id, order.id, { type: ActorType.customer, id: customerRefOf(context.turn.conversation) }, { customerToldElsewhere: true });
    state.step = 'awaiting_payment';
    context.replies.push({ type: 'payment_link', text: t.payHere(order.number, total), url: payment.url, buttonLabel: t.payButton });
  }

  /** The rules that refuse an order, told in the customer's words, with the way forward. */
  private async refused(context: Context, error: unknown, priced: PricedCart, method: string): Promise<void> {
    const { t } = context;
    const code = (error as DomainError).code;
    switch (code) {
      case 'PRICE_CHANGED': {
        const seen = await this.carts.acknowledgePrices(context.store.id, priced.cart.id);
        return this.offer(context, t.priceChanged(this.money(context, seen.totalAmount)), t.optionsButton, [
          { id: `pay:${method}`, title: t.checkoutButton },
          { id: 'act:cart', title: t.cartButton },
        ]);
      }
      case 'SOLD_OUT': {
        const line = priced.lines.find((candidate) => !candidate.available);
        this.say(context, t.soldOut(line ? line.product.name : t.cartButton));
        return this.showCart(context);
      }
      case 'BELOW_MINIMUM_ORDER':
        context.state.step = 'fulfilment';
        return this.offer(context, t.belowMinimum(this.money(context, priced.zone?.minimumOrderAmount ?? 0)), t.optionsButton, [
          { id: 'act:menu', title: t.menuButton },
          { id: 'act:pickup', title: t.pickupButton },
        ]);
      case 'STORE_CLOSED':
        return void this.mayOrderNow({ ...context, store: { ...context.store, whenClosed: WhenClosed.questions_only } as Store });
      case 'OUTSIDE_DELIVERY_ZONE':
        return this.action(context, 'other_address');
      default:
        throw error;
    }
  }

  // ---- after the order

  private trackingUrl(order: Order): string {
    return `${this.config.publicUrl}/t/${order.publicCode}`;
  }

  private async lastOrder(context: Context): Promise<Order | null> {
    if (context.state.lastOrderId) {
      const order = await this.orders.get(context.store.id, context.state.lastOrderId).catch(() => null);
      if (order) return order;
    }
    const page = await this.orders.list(context.store.id, { customerRef: customerRefOf(context.turn.conversation) }, { first: 1 });
    return page.nodes[0] ?? null;
  }

  private async orderStatus(context: Context): Promise<void> {
    const order = await this.lastOrder(context);
    if (!order) return this.offer(context, context.t.noOrder, context.t.optionsButton, [{ id: 'act:menu', title: context.t.menuButton }]);
    if (order.status === OrderStatus.awaiting_payment) {
      const open = (await this.payments.linksOf(order.id)).find((link) => link.status === 'open' && link.expiresAt.getTime() > Date.now());
      if (open) {
        context.replies.push({ type: 'payment_link', text: context.t.payHere(order.number, this.money(context, order.totalAmount)), url: open.url, buttonLabel: context.t.payButton });
        return;
      }
    }
    this.say(context, context.t.orderStatus(order.number, context.t.status[order.status], this.trackingUrl(order)));
  }

  private async reorder(context: Context): Promise<void> {
    const order = await this.lastOrder(context);
    if (!order) return this.offer(context, context.t.noOrder, context.t.optionsButton, [{ id: 'act:menu', title: context.t.menuButton }]);
    if (!this.mayOrderNow(context)) return;
    context.state.cartId = undefined;
    const cartId = await this.ensureCart(context);
    for (const line of await this.orders.lines([order.id])) {
      // What is no longer sold is left out; the cart shown next says what is in it.
      await this.carts
        .addLine(context.store.id, cartId, { variantId: line.variantId, quantity: line.quantity, modifierIds: line.modifiers.map((modifier) => modifier.id) })
        .catch((error: unknown) => {
          if (!(error instanceof DomainError)) throw error;
        });
    }
    const priced = await this.carts.get(context.store.id, cartId);
    if (priced.lines.length === 0) return this.showCart(context);
    this.offer(context, context.t.reordered(this.cartLines(context, priced), this.money(context, priced.totalAmount)), context.t.optionsButton, [
      { id: 'act:checkout', title: context.t.checkoutButton },
      { id: 'act:menu', title: context.t.menuButton },
    ]);
  }

  // ---- conversation

  private handOff(context: Context): void {
    context.result.handOff = true;
    context.state.misunderstood = 0;
    this.say(context, context.t.handOff);
  }

  private notUnderstood(context: Context): void {
    const count = (context.state.misunderstood ?? 0) + 1;
    context.state.misunderstood = count;
    if (count < 2) return this.say(context, context.t.didNotUnderstand);
    this.offer(context, context.t.offerHuman, context.t.optionsButton, [
      { id: 'act:human', title: context.t.humanButton },
      { id: 'act:menu', title: context.t.menuButton },
    ]);
  }

  private optOut(context: Context): void {
    if (context.turn.contact.optedOut) return;
    context.result.optedIn = false;
    this.say(context, context.t.optedOut);
  }

  private optIn(context: Context): void {
    if (!context.turn.contact.optedOut) return this.say(context, context.t.welcome(context.store.name));
    context.result.optedIn = true;
    this.say(context, context.t.optedIn);
  }

  private switchLanguage(context: Context, language: AssistantLanguage, confirm: boolean): void {
    context.language = language;
    context.t = ASSISTANT_TEXTS[language];
    context.menu = undefined;
    context.result.language = language;
    if (confirm) this.say(context, context.t.languageSet);
  }

  private faq(context: Context, topic: 'hours' | 'address' | 'delivery_area' | 'allergens'): void {
    const { store, t } = context;
    const answers = {
      hours: store.faq?.hours ?? this.hoursText(context),
      address: store.faq?.address,
      delivery_area: store.faq?.deliveryArea,
      allergens: store.faq?.allergens,
    };
    const labels = { hours: t.faq.hours, address: t.faq.address, delivery_area: t.faq.deliveryArea, allergens: t.faq.allergens };
    const answer = answers[topic];
    this.say(context, answer ? `${labels[topic]}\n${answer}` : t.faq.unknown);
  }

  private hoursText(context: Context): string {
    const { store, language } = context;
    if (!store.openingHours?.length) return context.t.faq.alwaysOpen;
    const dayName = (day: number) => new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
    return store.openingHours
      .map((window) => `${window.days?.length ? window.days.map(dayName).join(', ') : '*'}: ${window.from}–${window.to}`)
      .join('\n');
  }

  // ---- saying things

  private say(context: Context, text: string): void {
    context.replies.push({ type: 'text', text });
  }

  /** Choices as buttons when they fit in three, else a list; remembered so "2", "b" or the title pick one. */
  private offer(context: Context, text: string, label: string, choices: Choice[]): void {
    context.state.offered = choices.map(({ id, title }) => ({ id, title }));
    if (choices.length <= 3) {
      context.replies.push({ type: 'buttons', text, buttons: choices.map(({ id, title }) => ({ id, title })), buttonLabel: label });
    } else {
      context.replies.push({ type: 'list', text, buttonLabel: label, sections: [{ title: label, rows: choices }] });
    }
  }

  private money(context: Context, amount: number): string {
    return formatMoney(amount, context.store.currency, context.language);
  }
}

/** Whose cart and orders these are: one customer on one channel. */
export function customerRefOf(conversation: Pick<Conversation, 'channel' | 'channelUserId'>): string {
  return `${conversation.channel}:${conversation.channelUserId}`;
}

/** A page of at most 10 choices; when more follow, the last row asks for them. */
function page(choices: Choice[], offset: number, more: (next: number) => Choice): Choice[] {
  if (choices.length - offset <= ROWS) return choices.slice(offset);
  return [...choices.slice(offset, offset + ROWS - 1), more(offset + ROWS - 1)];
}

// Postcodes as most of the stores' countries write them: 1012 AB, 28013, 75001, SW1A 1AA.
function postcodeIn(text: string): string | null {
  const match = /\b(\d{4}\s?[A-Za-z]{2}|\d{5}|[A-Za-z]{1,2}\d[A-Za-z\d]?\s?\d[A-Za-z]{2}|\d{4})\b/.exec(text);
  return match ? match[1].toUpperCase() : null;
}
