import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One request to an endpoint and how it went: the endpoint's delivery log. */
@ObjectType()
@Entity('webhook_delivery_attempt')
@Index(['endpointId', 'createdAt'])
export class WebhookDeliveryAttempt {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  endpointId: string;

  @Field(() => ID, { description: 'The X-Parley-Delivery header: the same on every attempt of one delivery.' })
  // Deleting old deliveries deletes their attempts through this key.
  @Index()
  @Column({ type: 'varchar', length: 36 })
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliveryId' })
  delivery?: WebhookDelivery;

  @Field(() => ID, { description: "The body's id: the same for every endpoint that receives the event." })
  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  eventType: string;

  @Field(() => Int, { description: '1 for the first request of the delivery, 2 for the first retry, and so on.' })
  @Column({ type: 'int' })
  attempt: number;

  @Field({ description: 'Whether the endpoint answered 2xx.' })
  @Column({ type: 'boolean' })
  succeeded: boolean;

  @Field(() => Int, { nullable: true, description: "The endpoint's HTTP status; null when no answer came (timeout, refused connection)." })
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Field(() => Int)
  @Column({ type: 'int' })
  durationMs: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @Field(() => String, { nullable: true, description: "The start of the endpoint's answer, at most 1 KB." })
  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @Field({ description: 'When the request was sent.' })
  @CreateDateColumn()
  createdAt: Date;
}
