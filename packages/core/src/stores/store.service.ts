import { Injectable } from '@nestjs/common';
import { BadUserInputError, DomainError, NotFoundError } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { Store } from './store.entity';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

@Injectable()
export class StoreService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async create(input: { slug: string; name: string }): Promise<Store> {
    const slug = input.slug.trim().toLowerCase();
    const name = input.name.trim();
    if (!SLUG.test(slug)) {
      throw new BadUserInputError('A store slug is 1-64 lowercase letters, digits and dashes, e.g. "mario-pizza"');
    }
    if (!name) throw new BadUserInputError('A store needs a name');
    return this.unitOfWork.run(async (tx) => {
      if (await tx.manager.existsBy(Store, { slug })) {
        throw new DomainError('STORE_SLUG_TAKEN', `A store with the slug "${slug}" already exists`);
      }
      const store = await tx.manager.save(tx.manager.create(Store, { slug, name }));
      tx.publish('store.created', { storeId: store.id, slug: store.slug, name: store.name });
      return store;
    });
  }

  async get(storeId: string): Promise<Store> {
    const store = await this.dataSource.getRepository(Store).findOneBy({ id: storeId });
    if (!store) throw new NotFoundError('Store', storeId);
    return store;
  }

  findBySlug(slug: string): Promise<Store | null> {
    return this.dataSource.getRepository(Store).findOneBy({ slug });
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(Store).count();
  }

  async rename(storeId: string, name: string): Promise<Store> {
    const trimmed = name.trim();
    if (!trimmed) throw new BadUserInputError('A store needs a name');
    const store = await this.get(storeId);
    store.name = trimmed;
    return this.dataSource.getRepository(Store).save(store);
  }
}
