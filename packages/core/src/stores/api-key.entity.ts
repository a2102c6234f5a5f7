import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ApiKeyRole } from '@parley/plugin-sdk';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { StoreOwned } from './store-owned.entity';

export const API_KEY_ROLES: ApiKeyRole[] = ['owner', 'staff', 'integration'];

export enum ApiKeyRoleEnum {
  owner = 'owner',
  staff = 'staff',
  integration = 'integration',
}
registerEnumType(ApiKeyRoleEnum, {
  name: 'ApiKeyRole',
  description: 'owner: everything, keys included; staff: day-to-day work on orders, catalog and chats; integration: machine access for plugins and scripts.',
});

/** An API key. Only a SHA-256 digest of the secret is kept: the secret is shown once, at creation. */
@ObjectType()
@Entity('api_key')
@Index(['storeId', 'createdAt'])
export class ApiKey extends StoreOwned {
  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => ApiKeyRoleEnum)
  @Column({ type: 'varchar', length: 16 })
  role: ApiKeyRole;

  @Field({ description: 'The first characters of the key, to recognise it without revealing it.' })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;
}
