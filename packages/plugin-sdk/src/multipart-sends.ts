/**
 * For channel adapters that send one outbound message as several provider messages (a long text split in parts, a
 * caption continued as text): remembers the provider ids of the parts already sent, so that when the core retries
 * the message after a failure in the middle, only the parts that did not go out are sent again.
 *
 * In memory, per process, for a while: a retry normally comes back to the same worker within seconds; should it
 * not, the customer may see a part twice, never lose one.
 */
export class MultipartSends {
  /** messageId → the provider ids of the parts sent so far, with when the last one went out. */
  private readonly progress = new Map<string, { ids: string[]; at: number }>();

  constructor(
    private readonly maxEntries = 1_000,
    private readonly ttlMs = 60 * 60_000,
  ) {}

  /** Sends the parts of message `messageId` not sent before, in order; answers every part's provider id. */
  async send<T>(messageId: string, parts: T[], sendPart: (part: T) => Promise<string>): Promise<string[]> {
    const done = parts.length > 1 ? this.remembered(messageId) : [];
    for (const [index, part] of parts.entries()) {
      if (index < done.length) continue;
      done.push(await sendPart(part));
      if (parts.length > 1) this.remember(messageId, done);
    }
    this.progress.delete(messageId);
    return done;
  }

  private remembered(messageId: string): string[] {
    const entry = this.progress.get(messageId);
    return entry && Date.now() - entry.at < this.ttlMs ? [...entry.ids] : [];
  }

  private remember(messageId: string, ids: string[]): void {
    this.progress.delete(messageId);
    this.progress.set(messageId, { ids: [...ids], at: Date.now() });
    if (this.progress.size > this.maxEntries) this.progress.delete(this.progress.keys().next().value as string);
  }
}
