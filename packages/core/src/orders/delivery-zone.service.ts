import { Injectable } from '@nestjs/common';
import { BadUserInputError } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { DeliveryZone } from './delivery-zone.entity';
import type { DeliveryZoneInput } from './order.types';

@Injectable()
export class DeliveryZoneService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  list(storeId: string): Promise<DeliveryZone[]> {
    return this.dataSource.getRepository(DeliveryZone).find({ where: { storeId }, order: { position: 'ASC' } });
  }

  create(storeId: string, input: DeliveryZoneInput): Promise<DeliveryZone> {
    const name = input.name.trim();
    if (!name) throw new BadUserInputError('A delivery zone needs a name');
    const postcodes = (input.postcodes ?? []).map((code) => code.trim()).filter(Boolean);
    if (postcodes.length === 0 && input.radiusMeters == null) {
      throw new BadUserInputError('A delivery zone is a list of postcodes or a radius around the store');
    }
    for (const [field, value] of [['feeAmount', input.feeAmount], ['minimumOrderAmount', input.minimumOrderAmount], ['radiusMeters', input.radiusMeters ?? 0]] as const) {
      if (!Number.isInteger(value) || value < 0) throw new BadUserInputError(`${field} is a whole, non-negative number`);
    }
    return this.unitOfWork.run(async (tx) =>
      tx.manager.save(
        tx.manager.create(DeliveryZone, {
          storeId,
          name,
          postcodes: postcodes.length ? postcodes : null,
          radiusMeters: input.radiusMeters ?? null,
          feeAmount: input.feeAmount,
          minimumOrderAmount: input.minimumOrderAmount,
          position: input.position ?? (await tx.manager.countBy(DeliveryZone, { storeId })),
        }),
      ),
    );
  }
}
