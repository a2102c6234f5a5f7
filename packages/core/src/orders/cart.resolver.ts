import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { CartService, type PricedCart } from './cart.service';
import { CartLineInput, CartView, CreateCartInput, DeliveryInput } from './order.types';

function view(priced: PricedCart): CartView {
  const money = (amount: number) => ({ amount, currency: priced.currency });
  const fulfilment = priced.cart.fulfilment;
  return {
    id: priced.cart.id,
    customerRef: priced.cart.customerRef,
    lines: priced.lines.map((line) => ({
      id: line.line.id,
      variantId: line.variant.id,
      sku: line.variant.sku,
      productName: line.product.name,
      variantLabel: Object.values(line.variant.options).join(' '),
      modifiers: line.modifiers.map((modifier) => ({ id: modifier.id, name: modifier.name, priceDelta: money(modifier.priceDeltaAmount) })),
      quantity: line.line.quantity,
      note: line.line.note,
      unitPrice: money(line.unitAmount),
      lineTotal: money(line.lineAmount),
      priceChanged: line.priceChanged,
      available: line.available,
    })),
    fulfilment: fulfilment
      ? fulfilment.type === 'delivery'
        ? { type: 'delivery', address: fulfilment.address, postcode: fulfilment.postcode }
        : { type: 'pickup', pickupAt: fulfilment.pickupAt }
      : null,
    subtotal: money(priced.subtotalAmount),
    deliveryFee: money(priced.deliveryFeeAmount),
    tax: money(priced.taxAmount),
    tip: money(priced.tipAmount),
    total: money(priced.totalAmount),
    priceChanged: priced.lines.some((line) => line.priceChanged),
    orderId: priced.cart.orderId,
  };
}

@Resolver(() => CartView)
export class CartResolver {
  constructor(private readonly carts: CartService) {}

  @Query(() => CartView)
  async cart(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<CartView> {
    return view(await this.carts.get(auth.storeId, id));
  }

  @Mutation(() => CartView)
  async createCart(@CurrentAuth() auth: AuthContext, @Args('input') input: CreateCartInput): Promise<CartView> {
    const cart = await this.carts.create(auth.storeId, input);
    return view(await this.carts.get(auth.storeId, cart.id));
  }

  @Mutation(() => CartView, { description: 'Adds a line, or more of an identical one (same variant, modifiers and note).' })
  async addCartLine(
    @CurrentAuth() auth: AuthContext,
    @Args('cartId', { type: () => ID }) cartId: string,
    @Args('input') input: CartLineInput,
  ): Promise<CartView> {
    return view(await this.carts.addLine(auth.storeId, cartId, input));
  }

  @Mutation(() => CartView, { description: 'Quantity 0 removes the line.' })
  async updateCartLine(
    @CurrentAuth() auth: AuthContext,
    @Args('cartId', { type: () => ID }) cartId: string,
    @Args('lineId', { type: () => ID }) lineId: string,
    @Args('quantity', { type: () => Int, nullable: true }) quantity?: number | null,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ): Promise<CartView> {
    return view(await this.carts.updateLine(auth.storeId, cartId, lineId, { quantity, note }));
  }

  @Mutation(() => CartView)
  async removeCartLine(
    @CurrentAuth() auth: AuthContext,
    @Args('cartId', { type: () => ID }) cartId: string,
    @Args('lineId', { type: () => ID }) lineId: string,
  ): Promise<CartView> {
    return view(await this.carts.removeLine(auth.storeId, cartId, lineId));
  }

  @Mutation(() => CartView, { description: 'Refused outside every delivery zone of the store.' })
  async setCartDelivery(
    @CurrentAuth() auth: AuthContext,
    @Args('cartId', { type: () => ID }) cartId: string,
    @Args('input') input: DeliveryInput,
  ): Promise<CartView> {
    return view(
      await this.carts.setFulfilment(auth.storeId, cartId, {
        type: 'delivery',
        address: input.address,
        postcode: input.postcode ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
      }),
    );
  }

  @Mutation(() => CartView)
  async setCartPickup(
    @CurrentAuth() auth: AuthContext,
    @Args('cartId', { type: () => ID }) cartId: string,
    @Args('pickupAt', { type: () => String, nullable: true }) pickupAt?: string | null,
  ): Promise<CartView> {
    return view(await this.carts.setFulfilment(auth.storeId, cartId, { type: 'pickup', pickupAt: pickupAt ?? null }));
  }

  @Mutation(() => CartView)
  async setCartTip(
    @CurrentAuth() auth: AuthContext,
    @Args('cartId', { type: () => ID }) cartId: string,
    @Args('amount', { type: () => Int }) amount: number,
  ): Promise<CartView> {
    return view(await this.carts.setTip(auth.storeId, cartId, amount));
  }

  @Mutation(() => CartView, { description: 'The customer has seen the current prices; checkout may go ahead.' })
  async acknowledgeCartPrices(@CurrentAuth() auth: AuthContext, @Args('cartId', { type: () => ID }) cartId: string): Promise<CartView> {
    return view(await this.carts.acknowledgePrices(auth.storeId, cartId));
  }
}
