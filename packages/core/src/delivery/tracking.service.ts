import { Injectable } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { OrderService } from '../orders/order.service';
import { OrderStatus } from '../orders/order-status';
import { Store } from '../stores/store.entity';
import { DeliveryService } from './delivery.service';

@ObjectType()
export class TrackedItem {
  @Field()
  name: string;

  @Field(() => Int)
  quantity: number;
}

@ObjectType()
export class TrackedStep {
  @Field()
  status: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  at: Date;
}

/** What anyone holding the tracking code may see: the order's progress, never an address, phone or full name. */
@ObjectType()
export class TrackedOrder {
  @Field(() => Int)
  number: number;

  @Field()
  storeName: string;

  @Field(() => OrderStatus)
  status: OrderStatus;

  @Field({ description: 'delivery or pickup' })
  fulfilment: string;

  @Field(() => String, { nullable: true, description: "The customer's first name only." })
  customerFirstName: string | null;

  @Field(() => [TrackedItem])
  items: TrackedItem[];

  @Field(() => [TrackedStep], { description: 'Status changes of the order, oldest first.' })
  timeline: TrackedStep[];

  @Field(() => [TrackedStep], { description: 'Steps of the delivery, oldest first.' })
  deliverySteps: TrackedStep[];

  @Field(() => Date, { nullable: true })
  eta: Date | null;

  @Field(() => String, { nullable: true, description: "The driver's first name only." })
  driverFirstName: string | null;

  @Field(() => String, { nullable: true })
  trackingUrl: string | null;
}

function firstName(name: string | null | undefined): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}

@Injectable()
export class TrackingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderService,
    private readonly deliveries: DeliveryService,
  ) {}

  async track(code: string): Promise<TrackedOrder> {
    const order = await this.orders.byPublicCode(code);
    const [store, lines, events, delivery] = await Promise.all([
      this.dataSource.getRepository(Store).findOneByOrFail({ id: order.storeId }),
      this.orders.lines([order.id]),
      this.orders.timeline([order.id]),
      this.deliveries.forOrder(order.id),
    ]);
    const steps = delivery ? await this.deliveries.events(delivery.id) : [];
    return {
      number: order.number,
      storeName: store.name,
      status: order.status,
      fulfilment: order.fulfilment.type,
      customerFirstName: firstName(order.customerName),
      items: lines.map((line) => ({ name: [line.productName, line.variantLabel].filter(Boolean).join(' '), quantity: line.quantity })),
      timeline: events.map((event) => ({ status: event.toStatus, note: null, at: event.createdAt })),
      deliverySteps: steps.map((step) => ({ status: step.status, note: step.note, at: step.createdAt })),
      eta: delivery?.eta ?? null,
      driverFirstName: firstName(delivery?.driverName),
      trackingUrl: delivery?.trackingUrl ?? null,
    };
  }
}
