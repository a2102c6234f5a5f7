import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A URL a store's integrator registered to receive the store's events. The secret signs every request to it; it is
 * never a GraphQL field, only shown once in the answer of the mutation that made it.
 */
@ObjectType()
@Entity('webhook_endpoint')
@Index(['storeId', 'createdAt'])
export class WebhookEndpoint {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  storeId: string;

  @Field()
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  description: string | null;

  @Field(() => [String], { description: 'The event types it receives; empty: every event of the store.' })
  @Column({ type: 'simple-json' })
  eventTypes: string[];

  @Column({ type: 'varchar', length: 100 })
  secret: string;

  @Field()
  @Column({ type: 'boolean' })
  enabled: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is disabled: by the store, an answer of 410 Gone, or failed deliveries.' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  disabledReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  disabledAt: Date | null;

  @Field(() => Int, { description: 'Deliveries in a row that failed for good; a delivered one sets it back to 0.' })
  @Column({ type: 'int', default: 0 })
  failedDeliveriesInRow: number;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
