import { Injectable } from '@nestjs/common';
import { type ExtensionKind, ExtensionRegistry, type Extensions, NotFoundError } from '@parley/plugin-sdk';

function codeOf(kind: ExtensionKind, extension: Extensions[ExtensionKind]): string {
  return kind === 'channel' ? (extension as Extensions['channel']).channel : (extension as Extensions['payment']).code;
}

@Injectable()
export class ExtensionRegistryService extends ExtensionRegistry {
  private readonly byKind = new Map<ExtensionKind, Map<string, Extensions[ExtensionKind]>>();

  register<K extends ExtensionKind>(kind: K, extension: Extensions[K]): void {
    const registered = this.byKind.get(kind) ?? new Map<string, Extensions[ExtensionKind]>();
    const code = codeOf(kind, extension);
    if (registered.has(code)) throw new Error(`A ${kind} extension with the code "${code}" is already registered`);
    registered.set(code, extension);
    this.byKind.set(kind, registered);
  }

  get<K extends ExtensionKind>(kind: K, code: string): Extensions[K] {
    const extension = this.byKind.get(kind)?.get(code);
    if (!extension) throw new NotFoundError(`${kind} extension`, code);
    return extension as Extensions[K];
  }

  list<K extends ExtensionKind>(kind: K): Extensions[K][] {
    return [...(this.byKind.get(kind)?.values() ?? [])] as Extensions[K][];
  }
}
