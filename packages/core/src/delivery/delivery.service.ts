import { Injectable } from '@nestjs/common';
import { BadUserInputError, type DeliveryUpdate, DeliveryUpdates, DomainError } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { OrderService } from '../orders/order.service';
import { Delivery } from './delivery.entity';
import { DeliveryEvent } from './delivery-event.entity';


/** Delivery details and progress of delivery orders, updated by staff (GraphQL) or courier plugins. */
@Injectable()
export class DeliveryService extends DeliveryUpdates {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrderService,
  ) {
    super();
  }

  forOrder(orderId: string): Promise<Delivery | null> {
    return this.dataSource.getRepository(Delivery).findOneBy({ orderId });
  }

  events(deliveryId: string): Promise<DeliveryEvent[]> {
    return this.dataSource.getRepository(DeliveryEvent).find({ where: { deliveryId }, order: { createdAt: 'ASC' } });
  }

  async update(storeId: string, orderId: string, input: DeliveryUpdate): Promise<Delivery> {
    const order = await this.orders.get(storeId, orderId);
    if (order.fulfilment.type !== 'delivery') throw new DomainError('NOT_A_DELIVERY', `Order #${order.number} is picked up, not delivered`);
    if (input.trackingUrl && !/^https?:\/\//.test(input.trackingUrl)) throw new BadUserInputError('trackingUrl must be an http(s) URL');
    if ((input.latitude == null) !== (input.longitude == null)) throw new BadUserInputError('latitude and longitude go together');
    return this.unitOfWork.run(async (tx) => {
      const delivery =
        (await tx.manager.findOneBy(Delivery, { orderId })) ??
        tx.manager.create(Delivery, { orderId, storeId, courier: 'own', driverName: null, driverPhone: null, trackingNumber: null, trackingUrl: null, eta: null });
      for (const field of ['courier', 'driverName', 'driverPhone', 'trackingNumber', 'trackingUrl', 'eta'] as const) {
        if (input[field] !== undefined) Object.assign(delivery, { [field]: input[field] ?? (field === 'courier' ? 'own' : null) });
      }
      const saved = await tx.manager.save(delivery);
      const status = input.status?.trim();
      if (status) {
        await tx.manager.save(
          tx.manager.create(DeliveryEvent, {
            deliveryId: saved.id,
            status,
            note: input.note?.trim() || null,
            latitude: input.latitude ?? null,
            longitude: input.longitude ?? null,
          }),
        );
      }
      tx.publish('delivery.updated', { storeId, orderId, deliveryId: saved.id, status: status ?? null });
      return saved;
    });
  }
}
