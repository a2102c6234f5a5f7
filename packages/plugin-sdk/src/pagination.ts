import { type Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from './errors';

/**
 * Lists are paginated by cursor: `first` items `after` a cursor, newest first. Shared by the core and plugins, so every
 * list of the API has the same arguments and the same `PageInfo` type.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: 'How many items, 1 to 100.' })
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

const connectionTypes = new Map<string, Type<Connection<unknown>>>();

/** The GraphQL connection type for a node type: `{ nodes, pageInfo { endCursor hasNextPage } }`. */
export function ConnectionOf<T>(node: Type<T>): Type<Connection<T>> {
  const existing = connectionTypes.get(node.name);
  if (existing) return existing as Type<Connection<T>>;

  @ObjectType(`${node.name}Connection`)
  class ConnectionType {
    @Field(() => [node])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  connectionTypes.set(node.name, ConnectionType as Type<Connection<unknown>>);
  return ConnectionType;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    const createdAt = new Date(time);
    if (!id || Number.isNaN(createdAt.getTime())) throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw new BadUserInputError('The cursor is not one this API gave out');
  }
}

function encodeCursor(node: { createdAt: Date; id: string }): string {
  return Buffer.from(`${node.createdAt.toISOString()}|${node.id}`).toString('base64url');
}

/** Keyset pagination over (createdAt, id), newest first: stable under inserts, no OFFSET scans. */
export async function paginate<T extends ObjectLiteral & { createdAt: Date; id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageArgs,
): Promise<Connection<T>> {
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > 100) {
    throw new BadUserInputError('first must be between 1 and 100');
  }
  const alias = query.alias;
  if (page.after) {
    const cursor = decodeCursor(page.after);
    query.andWhere(
      new Brackets((where) =>
        where
          .where(`${alias}.createdAt < :cursorTime`, { cursorTime: cursor.createdAt })
          .orWhere(`(${alias}.createdAt = :cursorTime AND ${alias}.id < :cursorId)`, { cursorId: cursor.id }),
      ),
    );
  }
  const rows = await query
    .orderBy(`${alias}.createdAt`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(page.first + 1)
    .getMany();
  const nodes = rows.slice(0, page.first);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { endCursor: last ? encodeCursor(last) : null, hasNextPage: rows.length > page.first } };
}
