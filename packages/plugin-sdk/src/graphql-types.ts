import { Resolver } from '@nestjs/graphql';

/**
 * The core's GraphQL object types a plugin may add fields to, with what a field resolver receives as its parent.
 * A plugin can't import the core's classes, so it names the type instead:
 *
 *   @ExtendType('Contact')
 *   export class ContactLoyaltyResolver {
 *     @ResolveField(() => Int)
 *     loyaltyStamps(@Parent() contact: ExtensibleTypes['Contact']) { ... }
 *   }
 */
export interface ExtensibleTypes {
  Contact: { id: string; storeId: string };
  Order: { id: string; storeId: string; number: number };
  Store: { id: string; slug: string };
}

export type ExtensibleTypeName = keyof ExtensibleTypes;

// Filled by the core when it loads; read when the GraphQL schema is built, after every module is loaded.
const extensibleTypes = new Map<ExtensibleTypeName, abstract new (...args: never[]) => unknown>();

/** Called by the core: the class behind a type name. */
export function registerExtensibleType(name: ExtensibleTypeName, type: abstract new (...args: never[]) => unknown): void {
  extensibleTypes.set(name, type);
}

/** Marks a resolver class whose `@ResolveField`s add fields to one of the core's types. */
export function ExtendType(name: ExtensibleTypeName): ClassDecorator {
  return Resolver(() => {
    const type = extensibleTypes.get(name);
    if (!type) throw new Error(`ExtendType('${name}'): the core has not registered that type`);
    return type as never;
  });
}
