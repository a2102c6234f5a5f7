import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Product } from './product.entity';

export enum ImageStatus {
  processing = 'processing',
  ready = 'ready',
  failed = 'failed',
}
registerEnumType(ImageStatus, {
  name: 'ImageStatus',
  description: 'processing until its sized variants exist; failed with a reason if they could not be made.',
});

/** A stored rendition of an image: e.g. the 600 px JPEG. `key` is where the storage keeps it. */
export interface ImageRendition {
  name: string;
  format: 'webp' | 'jpeg';
  width: number;
  height: number;
  bytes: number;
  key: string;
}

/** A product photo: the original as uploaded (type sniffed from its bytes) and its renditions once processed. */
@ObjectType()
@Entity('product_image')
@Index(['productId', 'position'])
export class ProductImage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  storeId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'productId' })
  product?: Product;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  position: number;

  @Field(() => ImageStatus)
  @Column({ type: 'varchar', length: 16, default: ImageStatus.processing })
  status: ImageStatus;

  @Field(() => String, { nullable: true, description: 'Why processing failed.' })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'Text for screen readers.' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  alt: string | null;

  @Column({ type: 'varchar', length: 300 })
  originalKey: string;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  mimeType: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  width: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  height: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  bytes: number;

  /** SHA-256 of the original: part of every rendition's URL, so URLs change whenever the picture does. */
  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ type: 'simple-json' })
  renditions: ImageRendition[];

  @Field()
  @CreateDateColumn()
  createdAt: Date;
}
